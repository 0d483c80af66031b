import { type Geometry, storedGeometry } from './geometry.js';

/**
 * The geometries a field value holds: one GeoJSON object or legacy pair, or an array of them
 * (a document may carry several locations). Malformed values are skipped, as MongoDB's matcher
 * does for documents that predate an index.
 *
 * @example
 * ```ts
 * storedGeometries([[1, 2], [3, 4]]).length; // 2
 * storedGeometries([1, 2]).length; // 1 (a legacy pair)
 * ```
 */
export function storedGeometries(value: unknown): Geometry[] {
  try {
    const single = storedGeometry(value);
    if (single) return [single];
  } catch {
    return [];
  }
  if (!Array.isArray(value)) return [];
  const out: Geometry[] = [];
  for (const item of value) {
    try {
      const g = storedGeometry(item);
      if (g) out.push(g);
    } catch {
      // An invalid element matches nothing.
    }
  }
  return out;
}
