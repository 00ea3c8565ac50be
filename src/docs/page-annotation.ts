/**
 * The page annotation, `<!-- { "type": "#page.annotation", "suppressions": [...] } -->`: fields about the page as a
 * whole, and the findings it asks to silence. The last one on a page counts.
 */
import type { Finding } from '../core/finding.ts';
import type { PageAnnotation } from './model.ts';
import type { Locate, PageAnnotationPart } from './page-outline.ts';

export function readPageAnnotation(
  parts: readonly PageAnnotationPart[],
  locate: Locate,
): { pageAnnotation?: PageAnnotation; findings: Finding[] } {
  const findings: Finding[] = [];
  let pageAnnotation: PageAnnotation | undefined;
  for (const { annotation } of parts) {
    const suppressions = annotation.fields.suppressions;
    if (
      suppressions !== undefined &&
      !(Array.isArray(suppressions) && suppressions.every((s) => typeof s === 'string'))
    ) {
      findings.push({
        rule: 'invalid-page-annotation',
        severity: 'error',
        message: 'the page annotation\'s "suppressions" is not a list of texts',
        location: locate(annotation.location.line),
      });
    }
    pageAnnotation = {
      fields: annotation.fields,
      suppressions: Array.isArray(suppressions) ? suppressions.filter((s): s is string => typeof s === 'string') : [],
      location: annotation.location,
    };
  }
  return { ...(pageAnnotation ? { pageAnnotation } : {}), findings };
}
