/** The warning is advice: whatever the text, it answers quickly, never throws, and points inside the text. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectIdentifyingText, FREE_TEXT_SCAN_CHARS, IDENTIFYING_TEXT_REASONS } from './free-text';

const words = fc.constantFrom('Amani', 'Jean', 'Bosco', 'Mama', 'my name is', 'jina langu ni', '+243', '0812', '345', '678', '2026-11-20', '.', ',', ' ', '\n', 'near', 'the', 'village', '@', 'x.org', '(0)', '-', 'é', 'اسمي');
const text = fc.oneof(fc.string({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 300 }), fc.array(words, { maxLength: 80 }).map((w) => w.join(' ')));

describe('detectIdentifyingText (property)', () => {
  it('returns ordered warnings inside the text, with known reasons', () => {
    fc.assert(
      fc.property(text, (t) => {
        const warnings = detectIdentifyingText(t);
        let last = -1;
        for (const w of warnings) {
          expect(IDENTIFYING_TEXT_REASONS).toContain(w.reason);
          expect(w.index).toBeGreaterThanOrEqual(0);
          expect(w.index + w.length).toBeLessThanOrEqual(t.length);
          expect(w.index).toBeGreaterThanOrEqual(last);
          last = w.index;
        }
      }),
      { numRuns: 2_000 },
    );
  });

  it('stays fast on long and adversarial texts', () => {
    const started = Date.now();
    for (const t of ['1 '.repeat(50_000), 'Aa '.repeat(50_000), '+'.repeat(100_000), 'a@'.repeat(50_000), 'my name is '.repeat(10_000), '0-'.repeat(50_000)]) {
      expect(Array.isArray(detectIdentifyingText(t))).toBe(true);
    }
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(FREE_TEXT_SCAN_CHARS).toBeGreaterThan(1_000);
  });
});
