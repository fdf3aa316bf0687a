/**
 * ListObjectsV2 paging for s3rver 3.7. s3rver makes its continuation tokens with DES, which the OpenSSL 3 in
 * Node ≥ 17 no longer offers, so any listing of more than 1,000 keys (the first truncated page) fails with a
 * 500 InternalError. This Koa middleware, placed just before s3rver's router, answers ListObjectsV2 through
 * s3rver's version 1 listing (which pages with a marker and needs no cipher) and rewrites the result into the
 * version 2 shape, with a continuation token of its own (the base64url of the last key returned). Clients,
 * `S3ObjectStore.list` among them, page as they do against S3.
 */

/** The part of a Koa context the middleware reads and writes. */
export interface KoaListContext {
  method: string;
  path: string;
  query: Record<string, string | string[] | undefined>;
  body: unknown;
}

type Next = () => Promise<unknown>;

const tokenPrefix = 'ecls-local:';

/** The continuation token for a listing that stopped after `lastKey`. */
export function encodeListToken(lastKey: string): string {
  return Buffer.from(`${tokenPrefix}${lastKey}`, 'utf8').toString('base64url');
}

/** The key a continuation token continues after, or undefined for a token this middleware did not make. */
export function decodeListToken(token: string): string | undefined {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  return text.startsWith(tokenPrefix) ? text.slice(tokenPrefix.length) : undefined;
}

interface ListBucketResultV1 {
  Marker?: string;
  NextMarker?: string;
  IsTruncated?: boolean;
  Contents?: { Key: string; Owner?: unknown }[];
  CommonPrefixes?: { Prefix: string }[];
  [field: string]: unknown;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Whether the request is a path-style ListObjectsV2 (`GET /{bucket}?list-type=2`). */
function isListV2(ctx: KoaListContext): boolean {
  return (
    ctx.method === 'GET' &&
    single(ctx.query['list-type']) === '2' &&
    ctx.path.replace(/^\/+|\/+$/g, '').split('/').length === 1 &&
    ctx.path !== '/'
  );
}

/**
 * The middleware: a ListObjectsV2 request goes to s3rver as a version 1 listing (`marker` from the continuation
 * token or `start-after`), and its result comes back in the version 2 shape.
 */
export function listObjectsV2Paging() {
  return async function pageListObjectsV2(ctx: KoaListContext, next: Next): Promise<void> {
    if (!isListV2(ctx)) {
      await next();
      return;
    }
    const {
      'list-type': _listType,
      'continuation-token': tokenParam,
      'start-after': startAfterParam,
      'fetch-owner': fetchOwner,
      ...rest
    } = ctx.query;
    const token = single(tokenParam);
    const startAfter = single(startAfterParam);
    const marker = token === undefined ? startAfter : decodeListToken(token);
    if (token !== undefined && marker === undefined) {
      // Not one of ours: let s3rver answer as it would (InvalidArgument).
      await next();
      return;
    }
    ctx.query = { ...rest, ...(marker === undefined ? {} : { marker }) };
    await next();
    const body = ctx.body as { ListBucketResult?: ListBucketResultV1 } | undefined;
    const v1 = body?.ListBucketResult;
    if (v1 === undefined) return;
    const { Marker: _marker, NextMarker: _nextMarker, ...result } = v1;
    const contents = (v1.Contents ?? []).map(({ Owner, ...object }) =>
      single(fetchOwner) === 'true' ? { ...object, Owner } : object,
    );
    const prefixes = v1.CommonPrefixes ?? [];
    const last = [contents.at(-1)?.Key, prefixes.at(-1)?.Prefix]
      .filter((key): key is string => key !== undefined)
      .sort()
      .at(-1);
    ctx.body = {
      ListBucketResult: {
        ...result,
        Contents: contents,
        KeyCount: contents.length + prefixes.length,
        ...(token === undefined ? {} : { ContinuationToken: token }),
        ...(token === undefined && startAfter !== undefined ? { StartAfter: startAfter } : {}),
        ...(v1.IsTruncated && last !== undefined ? { NextContinuationToken: encodeListToken(last) } : {}),
      },
    };
  };
}
