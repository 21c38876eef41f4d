/**
 * `npm run bench`: the transfer benchmark of issue 7 (deckhand vs skopeo; BENCH_SETS=small,multiarch
 * and BENCH_RUNS=N pick a subset). The engine benchmark is separate: `npm run bench:engine`.
 */
import { benchTransfer } from './transfer/bench-transfer.js';

const allPassed = await benchTransfer();
console.log(allPassed ? 'all targets PASS' : 'some targets MISS (see the table above)');
console.log('(engine throughput vs Ansible: npm run bench:engine)');
