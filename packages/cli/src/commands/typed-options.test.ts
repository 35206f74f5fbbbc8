import { Command } from 'commander';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { TypedOptions, type OptionsOf } from './typed-options.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

function build() {
  const cmd = new Command('x').exitOverride();
  const typed = new TypedOptions<{ readonly json?: boolean }>(cmd)
    .option('--city <code>', 'city')
    .option('--dry-run', 'dry run')
    .option('--as-of <date>', 'as of', '2026-01-01')
    .option('--unit <code>', 'unit', collect)
    .option('--trust-proxy [hops]', 'hops')
    .requiredOption('--measure <code>', 'measure');
  return { cmd, typed };
}

type Options = OptionsOf<ReturnType<typeof build>['typed']>;

describe('TypedOptions', () => {
  it('registers each option with commander and types it as commander reads it', () => {
    const { cmd } = build();
    cmd.parse(['--measure', 'm', '--unit', 'a', '--unit', 'b', '--dry-run', '--trust-proxy'], { from: 'user' });
    const opts = cmd.opts<Options>();
    expect(opts).toEqual({ measure: 'm', unit: ['a', 'b'], dryRun: true, asOf: '2026-01-01', trustProxy: true });
    expectTypeOf(opts.city).toEqualTypeOf<string | undefined>();
    expectTypeOf(opts.dryRun).toEqualTypeOf<true | undefined>();
    expectTypeOf(opts.asOf).toEqualTypeOf<string>();
    expectTypeOf(opts.unit).toEqualTypeOf<string[] | undefined>();
    expectTypeOf(opts.trustProxy).toEqualTypeOf<string | true | undefined>();
    expectTypeOf(opts.measure).toEqualTypeOf<string>();
    expectTypeOf(opts.json).toEqualTypeOf<boolean | undefined>();
  });

  it('a required option stays required', () => {
    const { cmd } = build();
    expect(() => cmd.parse([], { from: 'user' })).toThrow(/--measure/);
  });
});
