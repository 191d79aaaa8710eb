import { readFileSync } from 'node:fs';
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

/**
 * A PDF's text, read back by Mozilla's PDF.js (pure JavaScript, so `npm test` needs nothing but
 * Node.js). Lines are rebuilt from the text items' positions, top to bottom and left to right per
 * page, with a space where items stand apart — close to `pdftotext -layout` for what the tests
 * look for: a label and its value on one line, in reading order.
 */
export async function pdfText(pdf: Buffer | Uint8Array | string): Promise<string> {
  const data = new Uint8Array(typeof pdf === 'string' ? readFileSync(pdf) : pdf);
  const document = await getDocument({ data, useSystemFonts: false, isEvalSupported: false, verbosity: 0 })
    .promise;
  const pages: string[] = [];
  try {
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const content = await page.getTextContent();
      type Item = { str: string; x: number; y: number; width: number };
      const items: Item[] = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        items.push({ str: item.str, x: item.transform[4], y: item.transform[5], width: item.width });
      }
      // Items whose baselines lie within 2 points of each other share a line.
      items.sort((a, b) => b.y - a.y || a.x - b.x);
      const lines: Item[][] = [];
      for (const item of items) {
        const line = lines.find((candidate) => Math.abs((candidate[0]?.y ?? 0) - item.y) <= 2);
        if (line) line.push(item);
        else lines.push([item]);
      }
      const text = lines.map((line) => {
        line.sort((a, b) => a.x - b.x);
        let out = '';
        let end = Number.NEGATIVE_INFINITY;
        for (const item of line) {
          if (out !== '' && item.x - end > 1) out += ' ';
          out += item.str;
          end = item.x + item.width;
        }
        return out;
      });
      pages.push(text.join('\n'));
      page.cleanup();
    }
  } finally {
    await document.destroy();
  }
  return `${pages.join('\n\f')}\n`;
}

/** How many images the PDF paints, over all its pages (as `pdfimages -list` counts them). */
export async function pdfImageCount(pdf: Buffer | Uint8Array): Promise<number> {
  const document = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, verbosity: 0 })
    .promise;
  try {
    let count = 0;
    for (let number = 1; number <= document.numPages; number++) {
      const page = await document.getPage(number);
      const operators = await page.getOperatorList();
      count += operators.fnArray.filter(
        (fn) => fn === OPS.paintImageXObject || fn === OPS.paintInlineImageXObject,
      ).length;
    }
    return count;
  } finally {
    await document.destroy();
  }
}
