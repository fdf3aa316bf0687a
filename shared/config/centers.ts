/**
 * The registry's centers: versioned configuration in the repo (shared/config/centers.json). Onboarding a center
 * is a change to that file and a deploy; an inactive center's uploads are rejected with a verdict.
 */
import { z } from 'zod';
import centersJson from './centers.json' with { type: 'json' };
import { LanguageSchema } from '../i18n/language.js';

/** Center ids are short, stable and safe in S3 keys and IAM policy paths. */
export const CenterIdSchema = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9]{1,15}$/,
    'a center id is an upper-case letter followed by 1–15 upper-case letters or digits',
  );

/**
 * Who may assume a center's upload role: one IAM role (or user) named by ARN, typically in the center's own AWS
 * account, which must pass the agreed external id. Naming the principal, instead of trusting a whole account,
 * means nobody else in that account (and nobody in the registry account) can act as the center.
 */
export const CenterUploaderSchema = z.object({
  principalArn: z
    .string()
    .regex(
      /^arn:aws(-[a-z]+)*:iam::\d{12}:(role|user)\/[\w+=,.@/-]{1,512}$/,
      'an uploader principal is an IAM role or user ARN, e.g. arn:aws:iam::111122223333:role/ecls-uploader',
    ),
  externalId: z
    .string()
    .regex(
      /^[\w+=,.@:/-]{2,1224}$/,
      'an external id is 2–1224 letters, digits or the characters + = , . @ : / - _',
    ),
});

export const CenterSchema = z.object({
  id: CenterIdSchema,
  name: z.string().min(1),
  region: z.string().min(1),
  /** The language of the center's verdicts and CLI messages. */
  language: LanguageSchema,
  active: z.boolean(),
  joined: z.iso.date(),
  uploader: CenterUploaderSchema,
});

export type Center = z.infer<typeof CenterSchema>;
export type CenterUploader = z.infer<typeof CenterUploaderSchema>;

/** The account id the synthetic configuration uses for uploader placeholders; no real AWS account has it. */
export const PLACEHOLDER_ACCOUNT = '000000000000';

/** Whether an uploader is still the synthetic placeholder (a deploy would fail on it: the principal does not exist). */
export function isPlaceholderUploader(uploader: CenterUploader): boolean {
  return uploader.principalArn.split(':')[4] === PLACEHOLDER_ACCOUNT;
}

const CentersFileSchema = z.object({ centers: z.array(CenterSchema).min(1) });

/** Every configured center, active or not, in file order. Validated once at module load. */
export const centers: readonly Center[] = CentersFileSchema.parse(centersJson).centers;

/** Looks a center up by id; undefined when the id is not configured. */
export function findCenter(id: string): Center | undefined {
  return centers.find((c) => c.id === id);
}

/** The active centers, the ones allowed to upload. */
export function activeCenters(): Center[] {
  return centers.filter((c) => c.active);
}
