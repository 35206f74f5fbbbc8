// Errors as RFC 9457 problem details (application/problem+json), in Chinese unless the client asks for English.
// Handlers throw ProblemError; the app's onError turns it (and anything else) into a response, never a stack trace.
import { randomBytes } from 'node:crypto';
import { StoreError } from '@anju/store';
import { HTTPException } from 'hono/http-exception';
import { messages, pick, problemTitles, type Lang, type ProblemKind, type Text } from './messages.js';

/** One located error inside a problem: a request field, or a cell of an uploaded file. */
export interface ProblemFieldError {
  readonly field?: string;
  readonly file?: string;
  readonly sheet?: string;
  readonly row?: number;
  readonly column?: string;
  readonly header?: string;
  readonly code?: string;
  readonly message: string;
}

/** A located error before the language is chosen. */
export type LocalisedFieldError = Omit<ProblemFieldError, 'message'> & { readonly text: Text };

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: ProblemFieldError[];
  readonly [extension: string]: unknown;
}

export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 423 | 429 | 500;

/** A refusal with its HTTP status, kind and text in both languages; thrown by handlers, rendered by onError. */
export class ProblemError extends Error {
  override readonly name = 'ProblemError';
  constructor(
    readonly status: ProblemStatus,
    readonly kind: ProblemKind,
    readonly text: Text,
    readonly errors?: readonly LocalisedFieldError[],
    /** Extension members added to the body as they are (e.g. an import's full result). */
    readonly extensions?: Readonly<Record<string, unknown>>,
  ) {
    super(text.en);
  }
}

export const notFound = (text: Text): ProblemError => new ProblemError(404, 'not-found', text);
export const badRequest = (text: Text, errors?: readonly LocalisedFieldError[]): ProblemError =>
  new ProblemError(400, 'bad-request', text, errors);

/** English when Accept-Language starts with `en`, Chinese otherwise. */
export function langOf(acceptLanguage: string | undefined): Lang {
  return acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh';
}

/** The problem body for a ProblemError in one language. */
export function problemBody(error: ProblemError, lang: Lang): Problem {
  return {
    type: `urn:anju:problem:${error.kind}`,
    title: pick(problemTitles[error.kind], lang),
    status: error.status,
    detail: pick(error.text, lang),
    ...(error.errors === undefined
      ? {}
      : { errors: error.errors.map(({ text, ...where }) => ({ ...where, message: pick(text, lang) })) }),
    ...error.extensions,
  };
}

/** A problem+json response. */
export function problemResponse(error: ProblemError, lang: Lang): Response {
  return new Response(JSON.stringify(problemBody(error, lang)), {
    status: error.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'content-language': lang === 'en' ? 'en' : 'zh-CN',
    },
  });
}

/**
 * Any thrown value as a ProblemError: ours as they are, the store's refusals by their code, Hono's HTTP exceptions
 * (malformed JSON, unsupported media type) by their status; anything else is an internal error (`internal: true`)
 * whose problem carries a `reference` (also passed to the error log) and never the error's own text.
 */
export function asProblem(
  error: unknown,
  reference: () => string = () => errorReference(new Date()),
): { problem: ProblemError; internal: boolean } {
  if (error instanceof ProblemError) return { problem: error, internal: false };
  if (error instanceof StoreError) {
    const text = { zh: error.messageZh, en: error.messageEn };
    switch (error.code) {
      case 'revision-not-found':
      case 'unknown-units':
        return { problem: new ProblemError(404, 'not-found', text), internal: false };
      case 'revision-not-draft':
        return { problem: new ProblemError(409, 'conflict', text), internal: false };
      case 'bad-period':
      case 'bad-roll-up':
        return { problem: new ProblemError(400, 'bad-request', text), internal: false };
      case 'out-of-scope':
        return { problem: new ProblemError(403, 'forbidden', text), internal: false };
      default:
        break;
    }
  }
  if (error instanceof HTTPException) {
    if (error.status === 415) {
      return {
        problem: new ProblemError(415, 'unsupported-media-type', messages.unsupportedMediaType()),
        internal: false,
      };
    }
    if (error.status === 400) {
      const text = /json/i.test(error.message) ? messages.malformedJson() : messages.malformedMultipart();
      return { problem: new ProblemError(400, 'bad-request', text), internal: false };
    }
  }
  const ref = reference();
  return {
    problem: new ProblemError(500, 'internal', messages.internal(ref), undefined, { reference: ref }),
    internal: true,
  };
}

/**
 * A reference for one internal error, shown to the user and written beside the stack in the error log, so the two
 * can be matched: the day and six random hex digits.
 *
 * @example
 * errorReference(new Date('2026-12-08T02:00:00Z')); // → 'E-20261208-3fa9c1'
 */
export function errorReference(now: Date): string {
  return `E-${now.toISOString().slice(0, 10).replaceAll('-', '')}-${randomBytes(3).toString('hex')}`;
}
