import type { NewChannel } from '../../channelAdmin/createChannel';
import type { OnboardableKind } from '../../channelAdmin/validateChannelConfig';
import { channelFormFields } from './channelFormFields';

/** The non-secret values typed, kept to show the form again after an error (secrets are typed again). */
export type ChannelFormValues = Record<string, string>;

export type ChannelFormReading =
  | { ok: true; input: NewChannel; values: ChannelFormValues }
  | { ok: false; field: 'name'; message: string; values: ChannelFormValues };

/**
 * Turns the posted create form into the onboarding input: each field by its path, empty fields
 * left out, numbers as numbers (a non-number stays text, so the kind's schema names it).
 * Validation itself is the onboarding's (`createChannel`), which names the field at fault.
 */
export function readChannelForm(kind: OnboardableKind, body: Record<string, unknown>): ChannelFormReading {
  const settings: Record<string, unknown> = {};
  const secrets: Record<string, unknown> = {};
  const values: ChannelFormValues = {};
  const name = typeof body.name === 'string' ? body.name.trim() : '';
  values.name = name;
  for (const field of channelFormFields[kind]) {
    const raw = body[field.name];
    const text = typeof raw === 'string' ? raw.trim() : '';
    if (text === '') continue;
    if (field.type !== 'secret') values[field.name] = text;
    const value = field.type === 'number' && /^\d+(\.\d+)?$/.test(text) ? Number(text) : text;
    const [group, key] = field.name.split('.');
    (group === 'settings' ? settings : secrets)[key] = value;
  }
  if (name.length === 0 || name.length > 255) return { ok: false, field: 'name', message: 'name: give the channel a name (255 characters at most)', values };
  return { ok: true, input: { kind, name, settings, secrets }, values };
}
