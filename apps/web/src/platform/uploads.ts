import type { UploadedFile } from './http.js';

/** The files the user chose: a file input left empty still sends one part, with no name and no bytes. */
export const chosenFiles = (files: UploadedFile[]): UploadedFile[] =>
  files.filter((f) => f.originalname !== '' || f.size > 0);

/** An uploaded file's text (its byte order mark dropped), or undefined when it is not UTF-8. */
export function utf8Text(file: UploadedFile): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file.buffer).replace(/^\uFEFF/, '');
  } catch {
    return undefined;
  }
}
