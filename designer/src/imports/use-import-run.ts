import { useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { IMPORT_UPLOAD_URLS, crm, type CustomerCodeList, type ImportJob, type JobImportKind } from '../api/crm-client';
import { postFile } from './post-file';

/** How often a running job is read again: fast enough for a live bar, cheap for the API. */
export const IMPORT_POLL_MS = 500;

/**
 * One import, from the upload to its outcome. The server reads and checks the whole file while
 * the upload is open (`uploading`), answers with a job id, then writes it (`writing`, polled).
 */
export type ImportRun =
  | { phase: 'idle' }
  | { phase: 'uploading'; sent: number; total: number }
  | { phase: 'writing'; job: ImportJob | undefined }
  | { phase: 'finished'; job: ImportJob }
  | { phase: 'codes-finished'; result: CustomerCodeList }
  | { phase: 'refused'; message: string };

export type ImportRequest =
  | { kind: JobImportKind; file: Blob; fileName: string; mapping: Record<string, string> | undefined }
  | { kind: 'customer-codes'; file: Blob; fileName: string };

/** Start imports and follow them to the end; polling stops when the page goes away. */
export function useImportRun(): { run: ImportRun; start: (request: ImportRequest) => Promise<void>; reset: () => void } {
  const [run, setRun] = useState<ImportRun>({ phase: 'idle' });
  // Each start gets a number; answers of an older import (or of an unmounted page) are dropped.
  const generation = useRef(0);
  useEffect(
    () => () => {
      generation.current += 1;
    },
    [],
  );

  const start = useCallback(async (request: ImportRequest) => {
    const mine = ++generation.current;
    const current = () => generation.current === mine;
    const onProgress = (sent: number, total: number) => current() && setRun({ phase: 'uploading', sent, total });
    setRun({ phase: 'uploading', sent: 0, total: request.file.size });
    try {
      if (request.kind === 'customer-codes') {
        const result = await postFile<CustomerCodeList>(IMPORT_UPLOAD_URLS.customerCodes, request.file, request.fileName, {}, onProgress);
        if (current()) setRun({ phase: 'codes-finished', result });
        return;
      }
      const fields: Record<string, string> = request.mapping ? { mapping: JSON.stringify(request.mapping) } : {};
      const { jobId } = await postFile<{ jobId: string }>(IMPORT_UPLOAD_URLS.csv(request.kind), request.file, request.fileName, fields, onProgress);
      if (!current()) return;
      setRun({ phase: 'writing', job: undefined });
      for (;;) {
        const job = await crm.getImportJob(jobId);
        if (!current()) return;
        if (job.status !== 'running') return setRun({ phase: 'finished', job });
        setRun({ phase: 'writing', job });
        await new Promise((resolve) => setTimeout(resolve, IMPORT_POLL_MS));
      }
    } catch (error) {
      if (current()) setRun({ phase: 'refused', message: errorMessage(error) });
    }
  }, []);

  const reset = useCallback(() => {
    generation.current += 1;
    setRun({ phase: 'idle' });
  }, []);

  return { run, start, reset };
}
