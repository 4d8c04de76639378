import { useEditor } from './store-context';

const SHOWN = 2;

/** The validation messages pinned to one node, under it on the canvas. */
export function NodeProblems({ id }: { id: string }) {
  const problems = useEditor((state) => state.problemsByNode[id]);
  if (!problems || problems.length === 0) return null;
  const hidden = problems.length - SHOWN;
  return (
    <ul className="campaign-node__problems" role="alert">
      {problems.slice(0, SHOWN).map((problem, index) => (
        <li key={`${problem.code}-${index}`}>{problem.message}</li>
      ))}
      {hidden > 0 && <li>+{hidden} more</li>}
    </ul>
  );
}
