import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { readThreadCpu } from '../../src/bench/threadCpu';

// A thread that lowers its own priority (as the engine's background thread does) and spins until told to stop.
const niceSpinner = `
const { parentPort } = require('node:worker_threads');
const { constants, setPriority } = require('node:os');
setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
let stop = false;
parentPort.on('message', () => { stop = true; });
const spin = () => { const until = Date.now() + 20; while (Date.now() < until); if (!stop) setImmediate(spin); else parentPort.close(); };
parentPort.postMessage('spinning');
spin();
`;

describe('the bench CPU split by thread', () => {
  it("counts a thread at a positive nice value as the background thread's, not the main thread's", async () => {
    const before = readThreadCpu(process.pid);
    const worker = new Worker(niceSpinner, { eval: true });
    await new Promise((resolve) => worker.once('message', resolve));
    let during = readThreadCpu(process.pid);
    // Until the kernel has charged the spinning thread at least one clock tick (10 ms).
    while (during && before && during.background <= before.background) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      during = readThreadCpu(process.pid);
    }
    worker.postMessage('stop');
    await new Promise((resolve) => worker.once('exit', resolve));
    expect(before).not.toBeNull();
    expect(during!.background).toBeGreaterThan(before!.background);
    expect(readThreadCpu(0)).toBeNull();
  });
});
