import fc from 'fast-check';

// CI replays one fixed set of random cases so a run is reproducible; locally every run explores new ones.
// A failure prints its seed and path: replay it with FC_SEED.
const seed = process.env.FC_SEED ?? (process.env.CI ? '20261125' : undefined);
if (seed) fc.configureGlobal({ seed: Number(seed) });
