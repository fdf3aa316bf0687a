import { createHash } from 'node:crypto';

/** What identifies one upload: the object, and its version or (when the store keeps none) its content. */
export interface UploadIdentity {
  bucket: string;
  /** The decoded object key. */
  key: string;
  versionId?: string | null;
  /** sha256 of the object's bytes, hex. */
  checksum: string;
}

/**
 * Derives the upload id: sha256 over bucket, key and version id, or over bucket, key and the content checksum
 * when there is no version id (s3rver keeps none). Redelivered events for one object version therefore map to
 * one id; a new version, or new content at the same key, is a new upload. 32 hex characters (128 bits).
 * @example deriveUploadId({ bucket: 'ecls-uploads', key: 'uploads/C001/q3.csv', checksum: 'ab…' })
 */
export function deriveUploadId(identity: UploadIdentity): string {
  const discriminator = identity.versionId ? `version:${identity.versionId}` : `sha256:${identity.checksum}`;
  return createHash('sha256')
    .update(`${identity.bucket}\n${identity.key}\n${discriminator}`, 'utf8')
    .digest('hex')
    .slice(0, 32);
}
