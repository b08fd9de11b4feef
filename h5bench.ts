import { adjustedDifference } from './src/experimentStats/adjustedDifference';
import { clusteredDifference } from './src/experimentStats/clusteredDifference';
const units = Array.from({ length: 10000 }, (_, i) => ({ treated: i % 2 === 1, outcome: (i * 7919) % 13 + (i % 2), baseline: (i * 104729) % 11 }));
for (let k = 0; k < 3; k += 1) { const t = performance.now(); adjustedDifference(units); console.log('ANCOVA HC2 10k units ms', (performance.now() - t).toFixed(1)); }
const clustered = units.map((u, i) => ({ ...u, cluster: `s${i % 40}`, treated: (i % 40) % 2 === 1 }));
for (let k = 0; k < 2; k += 1) { const t = performance.now(); clusteredDifference(clustered); console.log('CR2 10k units 40 clusters ms', (performance.now() - t).toFixed(1)); }
