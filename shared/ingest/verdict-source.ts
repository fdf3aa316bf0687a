import { findCenter } from '../config/centers.js';
import type { Verdict } from '../validation/verdict-schema.js';

/** The last part of an object key or file path: the name the center gave the file. */
export function fileNameOf(keyOrPath: string): string {
  return keyOrPath.split(/[/\\]/).filter(Boolean).pop() ?? keyOrPath;
}

/**
 * The verdict with the upload it is about: file name, object, upload id, when it was stored, and the center of its
 * folder with the configured name, so the verdict's files stand alone.
 * @example withVerdictSource(verdict, { bucket, key, versionId: null, uploadId, uploadedAt: object.lastModified, centerId: 'C001' })
 */
export function withVerdictSource(
  verdict: Verdict,
  upload: {
    bucket: string;
    key: string;
    versionId: string | null;
    uploadId: string;
    /** When the object was stored (S3's LastModified); unknown: not recorded, since a retry must write the same verdict. */
    uploadedAt: Date | undefined;
    centerId: string | null;
  },
): Verdict {
  return {
    ...verdict,
    source: {
      fileName: fileNameOf(upload.key),
      object: { bucket: upload.bucket, key: upload.key, versionId: upload.versionId },
      uploadId: upload.uploadId,
      ...(upload.uploadedAt ? { uploadedAt: upload.uploadedAt.toISOString() } : {}),
      ...(upload.centerId === null
        ? {}
        : { center: { id: upload.centerId, name: findCenter(upload.centerId)?.name ?? null } }),
    },
  };
}
