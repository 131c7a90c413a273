import * as esbuild from 'esbuild';
const r = await esbuild.build({ bundle: true, minify: true, target: 'es2020', entryPoints: ['web/src/sdk/index.ts'], outfile: '/tmp/core.js', format: 'iife', metafile: true, legalComments: 'none' });
const out = Object.values(r.metafile.outputs)[0];
const rows = Object.entries(out.inputs).map(([k, v]) => [v.bytesInOutput, k]).sort((a, b) => b[0] - a[0]);
for (const [b, k] of rows.slice(0, 40)) console.log(b, k);
