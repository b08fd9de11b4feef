import { engineActionSchema, type EngineAction } from './machineContract';

const parsedByParams = new WeakMap<object, EngineAction>();

/**
 * One machine action read as an EngineAction (throws when it is not one). A step's actions are
 * read by several consumers (writes, events, ledger): each params object is parsed once and the
 * result shared, so consumers must not mutate it. Held weakly: gone with the step's actions.
 */
export function readEngineAction(action: { type: string; params?: unknown }): EngineAction {
  const { params } = action;
  if (typeof params !== 'object' || params === null) return engineActionSchema.parse({ type: action.type, params });
  const known = parsedByParams.get(params);
  if (known && known.type === action.type) return known;
  const parsed = engineActionSchema.parse({ type: action.type, params });
  parsedByParams.set(params, parsed);
  return parsed;
}
