import { strict as assert } from 'node:assert';
import { CancellationTokenSource, LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';
import { runSafe } from '../../server/src/handlers/runSafe';

describe('runSafe (request handlers)', () => {
  it('returns the result of the work', async () => {
    const source = new CancellationTokenSource();
    assert.equal(await runSafe(source.token, () => 42, () => assert.fail('unexpected error')), 42);
  });

  it('skips the work of a request cancelled before it ran', async () => {
    const source = new CancellationTokenSource();
    let ran = false;
    const pending = runSafe(source.token, () => (ran = true), () => assert.fail('unexpected error'));
    source.cancel();
    const result = await pending;
    assert.ok(result instanceof ResponseError);
    assert.equal(result.code, LSPErrorCodes.RequestCancelled);
    assert.equal(ran, false);
  });

  it('turns an exception into an error response and reports it', async () => {
    const source = new CancellationTokenSource();
    const reported: unknown[] = [];
    const result = await runSafe(source.token, () => {
      throw new Error('boom');
    }, (e) => reported.push(e));
    assert.ok(result instanceof ResponseError);
    assert.equal(result.code, LSPErrorCodes.RequestFailed);
    assert.equal((reported[0] as Error).message, 'boom');
  });
});
