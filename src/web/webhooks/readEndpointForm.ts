/** What an endpoint form posted, kept to show the form again when refused. */
export interface EndpointFormValues {
  url: string;
  events: string[];
  description: string;
}

type FormBody = Record<string, string | File | (string | File)[]>;

/** The endpoint form's fields (read with `parseBody({ all: true })`: one `events` value per box ticked). */
export function readEndpointForm(body: FormBody): EndpointFormValues {
  const text = (name: string) => [body[name]].flat().find((v): v is string => typeof v === 'string')?.trim() ?? '';
  return { url: text('url'), events: [body.events ?? []].flat().filter((v): v is string => typeof v === 'string'), description: text('description') };
}

/** The body the API's endpoint schemas validate: an empty description is none. */
export const endpointBody = (values: EndpointFormValues) => ({ url: values.url, events: values.events, description: values.description || null });
