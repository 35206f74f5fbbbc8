/**
 * Commander options with their types: each `.option('--dry-run', …)` declared on a {@link TypedOptions} adds
 * `dryRun?: true` to the options type, so a command's `run` receives exactly the options its `configure` declared —
 * no `as XOptions` cast per command. A flag with `<value>` gives a string, a default value makes it always present,
 * a parser gives the parser's type (`collect` → `string[]`), `requiredOption` makes it required.
 *
 * @example
 * const c = new TypedOptions<GlobalOptions>(cmd).option('--city <code>', '…').option('--dry-run', '…');
 * // OptionsOf<typeof c> → GlobalOptions & { readonly city?: string } & { readonly dryRun?: true }
 */
import type { Command } from 'commander';

/** `dry-run` → `dryRun`, as commander names the option. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** `'--as-of <date>'` → `'asOf'`; `'-o, --out <file>'` → `'out'`. */
export type OptionKey<F extends string> = F extends `${string}--${infer Long}`
  ? Camel<Long extends `${infer Name} ${string}` ? Name : Long>
  : never;

/** `<value>` takes a string, `[value]` a string or nothing after the flag (true), a bare flag is a switch. */
export type FlagValue<F extends string> = F extends `${string}<${string}>${string}`
  ? string
  : F extends `${string}[${string}]${string}`
    ? string | true
    : true;

type Optional<F extends string, V> = { readonly [K in OptionKey<F>]?: V };
type Present<F extends string, V> = { readonly [K in OptionKey<F>]: V };

export class TypedOptions<O> {
  /** Carries the options type; never set at run time. */
  declare readonly options?: O;

  constructor(readonly command: Command) {}

  option<F extends string>(flags: F, description: string): TypedOptions<O & Optional<F, FlagValue<F>>>;
  option<F extends string>(flags: F, description: string, defaultValue: string): TypedOptions<O & Present<F, string>>;
  option<F extends string, T>(
    flags: F,
    description: string,
    parse: (value: string, previous: T) => T,
  ): TypedOptions<O & Optional<F, T>>;
  option(
    flags: string,
    description: string,
    third?: string | ((value: string, previous: unknown) => unknown),
  ): TypedOptions<unknown> {
    if (typeof third === 'function') this.command.option(flags, description, third);
    else if (third === undefined) this.command.option(flags, description);
    else this.command.option(flags, description, third);
    return this;
  }

  requiredOption<F extends string>(flags: F, description: string): TypedOptions<O & Present<F, string>> {
    this.command.requiredOption(flags, description);
    return this as TypedOptions<O & Present<F, string>>;
  }
}

/** The options a configured {@link TypedOptions} declares. */
export type OptionsOf<T> = T extends TypedOptions<infer O> ? O : never;
