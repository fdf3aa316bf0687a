import { findCenter } from '../config/centers.js';
import { DEFAULT_LANGUAGE, type Language } from './language.js';

/**
 * The language a center is spoken to in: its `language` in the centers configuration, or the registry's default
 * when the center is not configured (or not known, as for a file outside any center folder).
 * @example languageOfCenter('C001') // 'en'
 */
export function languageOfCenter(centerId: string | null | undefined): Language {
  const center = centerId ? findCenter(centerId) : undefined;
  return center?.language ?? DEFAULT_LANGUAGE;
}
