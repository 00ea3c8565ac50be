/**
 * Annotated code blocks other than request and response examples (`resource`, `example`, `samples`, `permissions`,
 * `ignored`, …): kept on the page with their JSON, which must read.
 */
import type { Finding } from '../core/finding.ts';
import { isAnnotatedBlock, roleOf } from './code-blocks.ts';
import { parseRequestBlock, parseResponseBlock, type BlockLocator } from './http-message.ts';
import { describeRepairs, lineAtOffset, readJson } from './lenient-json.ts';
import type { AnnotatedBlock, Annotation } from './model.ts';
import type { FencePart, Locate } from './page-outline.ts';

export function readAnnotatedBlocks(
  fences: readonly FencePart[],
  locate: Locate,
): { blocks: AnnotatedBlock[]; findings: Finding[] } {
  const blocks: AnnotatedBlock[] = [];
  const findings: Finding[] = [];
  for (const fence of fences) {
    if (!fence.annotation || !isAnnotatedBlock(fence)) continue;
    const read = readBlock(fence.annotation, fence.language, fence.content, (offset) =>
      locate(fence.line + 1 + offset),
    );
    blocks.push(read.block);
    findings.push(...read.findings);
  }
  return { blocks, findings };
}

function readBlock(
  annotation: Annotation,
  language: string,
  content: string,
  locate: BlockLocator,
): { block: AnnotatedBlock; findings: Finding[] } {
  const location = locate(0);
  const findings: Finding[] = [];
  const text = content.trim();
  let json: unknown;
  let hasJson = false;
  const role = roleOf(content);
  if (annotation.blockType !== 'ignored' && (role === 'request' || role === 'response')) {
    // An `example` written as an HTTP message (a notification a bot receives): its body must read too.
    const parsed = role === 'request' ? parseRequestBlock(content, locate) : parseResponseBlock(content, locate);
    findings.push(...(parsed.ok ? parsed.problems : [parsed.problem]));
    if (parsed.ok && parsed.value.body.kind === 'json') {
      json = parsed.value.body.value;
      hasJson = true;
    }
  } else if (annotation.blockType !== 'ignored' && /^[{[]/.test(text)) {
    const reading = readJson(text);
    const skipped = content.length - content.trimStart().length;
    const lineOf = (offset: number): number => locate(lineAtOffset(content, skipped + offset) - 1).line;
    if (reading.ok) {
      json = reading.value;
      hasJson = true;
      const firstRepair = reading.repairs[0];
      if (firstRepair)
        findings.push({
          rule: 'invalid-json-body',
          severity: 'warning',
          message: `the ${annotation.blockType} block is not strict JSON (${describeRepairs(reading.repairs)}); read as intended`,
          location: { file: location.file, line: lineOf(firstRepair.offset) },
        });
    } else {
      findings.push({
        rule: reading.overLimit ? 'limit-exceeded' : 'invalid-json-body',
        severity: 'error',
        message: reading.overLimit
          ? `the ${annotation.blockType} block ${reading.error}: it is not read as JSON`
          : `the ${annotation.blockType} block is not valid JSON: ${reading.error}`,
        location: { file: location.file, line: lineOf(reading.offset ?? 0) },
      });
    }
  }
  return { block: { annotation, language, content, ...(hasJson ? { json } : {}), location }, findings };
}
