import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { asSystem } from '../db/tenancy/scopes';
import { createOperator, listOperators, revokeOperator } from '../platform/operatorKeys';
import { UsageError } from './runCommandLine';

export const operatorsUsage = `usage: npm run operators -- <command>
  create <email>   makes a platform operator (or a new key for one) and prints the key once
  revoke <email>   revokes the operator's key
  list             every operator`;

const email = z.email();

/** `npm run operators`: platform operators exist only through this command, never through the API. */
export async function runOperatorsCommand(args: string[], options: { em: EntityManager; now: () => Date; print: (text: string) => void }): Promise<number> {
  const [command, address, ...rest] = args;
  const system = asSystem(options.em, 'platform operators on the command line');
  if (command === 'list' && address === undefined) {
    for (const operator of await listOperators(system)) options.print(`${operator.email}  ${operator.revokedAt ? `revoked ${operator.revokedAt}` : `since ${operator.createdAt}`}`);
    return 0;
  }
  if ((command !== 'create' && command !== 'revoke') || rest.length > 0 || !address) throw new UsageError(operatorsUsage);
  if (!email.safeParse(address).success) throw new UsageError(`${address} is not an email address\n${operatorsUsage}`);
  if (command === 'create') {
    const operator = await createOperator(system, address);
    options.print(`Platform operator ${operator.email}. Key (shown once; send it as Authorization: Bearer <key> to /platform/*):\n${operator.key}`);
    return 0;
  }
  if (!(await revokeOperator(system, address, options.now().getTime()))) throw new UsageError(`No active operator has the email ${address}`);
  options.print(`Revoked the key of ${address}.`);
  return 0;
}
