/**
 * The registry's centers: versioned configuration in the repo (shared/config/centers.json). Onboarding a center
 * is a change to that file and a deploy; an inactive center's uploads are rejected with a verdict.
 */
import { z } from 'zod';
import centersJson from './centers.json' with { type: 'json' };

/** Center ids are short, stable and safe in S3 keys and IAM policy paths. */
export const CenterIdSchema = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9]{1,15}$/,
    'a center id is an upper-case letter followed by 1–15 upper-case letters or digits',
  );

export const CenterSchema = z.object({
  id: CenterIdSchema,
  name: z.string().min(1),
  region: z.string().min(1),
  active: z.boolean(),
  joined: z.iso.date(),
});

export type Center = z.infer<typeof CenterSchema>;

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
