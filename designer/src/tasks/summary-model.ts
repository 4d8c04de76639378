/** An agent's outcomes as one line, the most frequent first: "interested 2 · no_answer 1". */
export function outcomeList(outcomes: Readonly<Record<string, number>>): string {
  return Object.entries(outcomes)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([outcome, count]) => `${outcome} ${count}`)
    .join(' · ');
}
