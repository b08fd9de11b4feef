import { describe, expect, it } from 'vitest';
import { describeHeldDataDir } from '../../src/cli/describeHeldDataDir';

describe('flows import while npm start holds the embedded database', () => {
  it('says why it cannot run and points to the console editor and the API upload', () => {
    const text = describeHeldDataDir('The data folder .data is in use by process 42 (npm start).', 'http://127.0.0.1:3000', { command: 'import', files: ['flows/onboarding.yaml'], org: 'Demo', publish: true });
    expect(text.split('\n')).toEqual([
      'error: The data folder .data is in use by process 42 (npm start).',
      'The embedded database belongs to the running engine (npm start) while it runs, so this command cannot open it. Either stop the engine, or do it in the running engine:',
      '  in the console: http://127.0.0.1:3000/coach/journeys/editor (open the file in the flow editor, then save as draft or publish)',
      '  or through its API (the same validation and versions):',
      "  curl -sS -X POST 'http://127.0.0.1:3000/v1/blueprints?publish=true' -H 'authorization: Bearer <API key of Demo>' -H 'content-type: application/yaml' --data-binary @flows/onboarding.yaml",
    ]);
  });
});
