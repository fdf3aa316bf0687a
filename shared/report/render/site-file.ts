/** One file of a published report site: its path relative to the site's root, its MIME type and its text. */
export interface SiteFile {
  /** Relative path with forward slashes, e.g. `tables/table-1.csv`. */
  path: string;
  contentType: string;
  body: string;
}
