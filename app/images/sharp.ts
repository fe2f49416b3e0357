/**
 * sharp, configured once for how the app uses it: every image is decoded once (a flat lay's small
 * rendition, a result for its colour check or provenance), so libvips' operation cache — up to 50 MB
 * and 100 operations by default — never hits and only holds memory in a long-running process. Every
 * image module imports sharp from here.
 */
import sharp from "sharp";

sharp.cache(false);

export default sharp;
