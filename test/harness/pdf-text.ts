/**
 * A PDF's text and title as Mozilla's pdf.js reads them (through pdf-parse), in a child Node process: pdf.js
 * loads its worker by a dynamic ES import, which Jest's CommonJS runtime does not allow.
 */
import { execFile } from 'node:child_process';

const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: new Uint8Array(Buffer.concat(chunks)) });
  const text = await parser.getText();
  const info = await parser.getInfo();
  await parser.destroy();
  process.stdout.write(JSON.stringify({ text: text.text, pages: text.total, title: info.info && info.info.Title }));
});
`;

export interface PdfText {
  /** The text of every page, as extracted (line breaks where the layout broke lines). */
  text: string;
  pages: number;
  title: unknown;
}

export function pdfText(pdf: Uint8Array): Promise<PdfText> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', SCRIPT], { cwd: __dirname, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`pdf text extraction failed: ${stderr || err.message}`));
      else resolve(JSON.parse(stdout) as PdfText);
    });
    child.stdin!.end(Buffer.from(pdf));
  });
}
