// Typed reads of request parameters. Form and multipart values arrive as strings, JSON
// values as themselves; Telegram accepts both for every field (objects as JSON text), so
// these helpers do too.
import { badRequest } from './answers';

export type Params = Record<string, unknown>;

const present = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

export function optString(p: Params, key: string): string | undefined {
  const v = p[key];
  if (!present(v)) return undefined;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v);
}

export function optInt(p: Params, key: string): number | undefined {
  const v = p[key];
  if (!present(v)) return undefined;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^-?\d+$/.test(v.trim()) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n)) throw badRequest(`field "${key}" must be of type Integer`);
  return n;
}

export function optBool(p: Params, key: string): boolean | undefined {
  const v = p[key];
  if (!present(v)) return undefined;
  if (typeof v === 'boolean') return v;
  if (v === 'true' || v === '1' || v === 1) return true;
  if (v === 'false' || v === '0' || v === 0) return false;
  throw badRequest(`field "${key}" must be of type Boolean`);
}

/** An object field: an object in JSON bodies, JSON text in forms. */
export function optObject(p: Params, key: string, unparsable: string): Record<string, unknown> | undefined {
  let v = p[key];
  if (!present(v)) return undefined;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw badRequest(unparsable);
    }
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw badRequest(unparsable);
  return v as Record<string, unknown>;
}

export function optStringArray(p: Params, key: string): string[] | undefined {
  let v = p[key];
  if (!present(v)) return undefined;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw badRequest(`can't parse "${key}" JSON array`);
    }
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`field "${key}" must be an Array of String`);
  return v as string[];
}
