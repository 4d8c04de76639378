import { IGNORE, targetsForColumn, type ColumnMapping } from './column-mapping';
import type { CsvImportKind, ImportTarget } from './import-kinds';

interface MappingTableProps {
  kind: CsvImportKind;
  columns: readonly string[];
  sample: readonly string[];
  mapping: ColumnMapping;
  attributes: readonly ImportTarget[];
  disabled: boolean;
  onChange: (column: string, target: string) => void;
}

/** One row per CSV column: its name, the first line's value, and the field it goes into. */
export function MappingTable({ kind, columns, sample, mapping, attributes, disabled, onChange }: MappingTableProps) {
  return (
    <table className="table mapping-table">
      <thead>
        <tr>
          <th scope="col">CSV column</th>
          <th scope="col">First line</th>
          <th scope="col">Imports into</th>
        </tr>
      </thead>
      <tbody>
        {columns.map((column, index) => {
          const target = mapping[column] ?? IGNORE;
          return (
            <tr key={`${index}:${column}`} className={target === IGNORE ? 'mapping-table__row--ignored' : undefined}>
              <th scope="row" className="mapping-table__column">
                {column || <span className="muted">(no name)</span>}
              </th>
              <td className="mapping-table__sample">{sample[index] ?? ''}</td>
              <td>
                <select aria-label={`Field for column ${column}`} value={target} disabled={disabled} onChange={(event) => onChange(column, event.target.value)}>
                  <option value={IGNORE}>Ignore this column</option>
                  {targetsForColumn(kind, attributes, column).map((option) => (
                    <option key={option.value} value={option.value}>
                      {option.label}
                    </option>
                  ))}
                </select>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
