import { domainEventTypes } from '../../events/domainEvent';
import { withoutField, type FieldError } from '../layout/FormField';

/** The event types an endpoint receives, one checkbox each (field `events`), with the refusal that names them. */
export function EventCheckboxes({ selected, error }: { selected: readonly string[]; error?: FieldError }) {
  return (
    <fieldset class={error ? 'field invalid' : 'field'} aria-describedby={error ? 'f-events-error' : undefined}>
      <legend>Events it receives</legend>
      {domainEventTypes.map((type) => (
        <label><input type="checkbox" name="events" value={type} checked={selected.includes(type)} /> {type}</label>
      ))}
      {error && <span id="f-events-error" class="field-error" role="alert">{withoutField(error)}</span>}
    </fieldset>
  );
}
