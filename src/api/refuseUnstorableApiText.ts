import { errorResponse } from '../http/httpErrors';
import { refuseUnstorableText } from '../http/refuseUnstorableText';

/** `refuseUnstorableText` answering in the API's error shape: 400 `invalid_<json|query|...>` naming the field. Mount after any body limit. */
export function refuseUnstorableApiText() {
  return refuseUnstorableText((c, problem) => errorResponse(c, 400, `invalid_${problem.target}`, problem.message, problem.field));
}
