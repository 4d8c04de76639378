import { signInWhenUnauthorized, toApiError } from '../api/client';

/** Bytes of the request body sent so far, for an upload's progress bar. */
export type UploadProgress = (sent: number, total: number) => void;

/**
 * POST a multipart form — text fields first, then the file, because the server reads the
 * fields that precede the file part — through XMLHttpRequest: fetch cannot report upload
 * progress, and a big file's upload is most of an import's time. A refusal rejects with the
 * same `ApiError` (problem+json) as every other call, and a 401 sends the person to sign in as
 * every other call does.
 */
export function postFile<T>(url: string, file: Blob, fileName: string, fields: Record<string, string>, onProgress?: UploadProgress): Promise<T> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  form.append('file', file, fileName);
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.addEventListener('progress', (event) => onProgress?.(event.loaded, event.lengthComputable ? event.total : file.size));
    xhr.addEventListener('error', () => reject(new Error('The upload failed: the server could not be reached')));
    xhr.addEventListener('load', () => {
      signInWhenUnauthorized(xhr.status);
      const contentType = xhr.getResponseHeader('content-type') ?? 'application/json';
      const response = new Response(xhr.responseText, { status: xhr.status, statusText: xhr.statusText, headers: { 'content-type': contentType } });
      if (!response.ok) return void toApiError(response).then(reject, reject);
      response.json().then((body) => resolve(body as T), reject);
    });
    xhr.send(form);
  });
}
