import { useId } from 'react';
import type { UpdateOperation } from '../../../flow/nodes/update';
import type { AttributeDefinition } from '../api/crm-client';
import type { FieldEditorProps } from './field-editor';
import { asList, moveItem, removeAt, replaceAt } from './list-edits';
import { loadAttributeDefinitions, loadContactLists, loadTopics } from './pickers';
import { RemoteSelect } from './remote-select';
import { RowMoves } from './row-moves';
import { attributeValue, newOperation, OPERATION_KINDS, type OperationKind } from './update-operations';
import { useRemote } from './use-remote';

/**
 * The update node's operations, done in order for every contact: each picks what it does (set or
 * clear an attribute, subscribe, unsubscribe, add to a list, log an event) and shows that
 * operation's own fields, with pickers for attributes, topics and lists.
 */
export function UpdateOperationsEditor({ inputId, value, problems, onChange }: FieldEditorProps) {
  const operations = asList<UpdateOperation>(value);
  const attributes = useRemote(loadAttributeDefinitions);
  const listId = useId();
  return (
    <div id={inputId} role="group" aria-label="Operations" className="rules">
      {operations.length === 0 && <p className="rules__empty">No operations yet: add what to do for every contact.</p>}
      <datalist id={listId}>
        {(attributes.data ?? []).map((attribute) => (
          <option key={attribute.key} value={attribute.key}>
            {attribute.label}
          </option>
        ))}
      </datalist>
      {operations.map((operation, index) => {
        const n = index + 1;
        const set = (next: UpdateOperation) => onChange(replaceAt(operations, index, next));
        return (
          <div key={index} className={problems.some((problem) => problem.field?.startsWith(`operations.${index}`)) ? 'rule rule--invalid' : 'rule'}>
            <div className="rule__line">
              <select className="nodrag" aria-label={`Operation ${n}`} value={operation.kind} onChange={(event) => set(newOperation(event.target.value as OperationKind))}>
                {OPERATION_KINDS.map((kind) => (
                  <option key={kind.kind} value={kind.kind}>
                    {kind.title}
                  </option>
                ))}
              </select>
              <RowMoves what={`operation ${n}`} index={index} count={operations.length} onMove={(delta) => onChange(moveItem(operations, index, delta))} onRemove={() => onChange(removeAt(operations, index))} />
            </div>
            <OperationFields n={n} operation={operation} attributes={attributes.data ?? []} attributeList={listId} onChange={set} />
          </div>
        );
      })}
      <button type="button" className="button button--small nodrag" onClick={() => onChange([...operations, newOperation('setAttribute')])}>
        Add operation
      </button>
    </div>
  );
}

interface FieldsProps {
  n: number;
  operation: UpdateOperation;
  attributes: readonly AttributeDefinition[];
  /** The <datalist> of attribute keys. */
  attributeList: string;
  onChange: (operation: UpdateOperation) => void;
}

function OperationFields({ n, operation, attributes, attributeList, onChange }: FieldsProps) {
  switch (operation.kind) {
    case 'setAttribute':
    case 'clearAttribute': {
      const definition = attributes.find((attribute) => attribute.key === operation.key);
      return (
        <div className="rule__line">
          <input className="nodrag" aria-label={`Operation ${n} attribute`} placeholder="attribute key" list={attributeList} value={operation.key} onChange={(event) => onChange({ ...operation, key: event.target.value })} />
          {operation.kind === 'setAttribute' && (
            <AttributeValueInput n={n} definition={definition} value={operation.value} onChange={(value) => onChange({ ...operation, value })} />
          )}
        </div>
      );
    }
    case 'subscribe':
    case 'unsubscribe':
      return (
        <>
          <RemoteSelect ariaLabel={`Operation ${n} topic`} value={operation.topic} invalid={false} load={loadTopics} noun="topic" onChange={(topic) => onChange({ ...operation, topic })} />
          {operation.kind === 'subscribe' && (
            <textarea
              className="nodrag"
              rows={2}
              aria-label={`Operation ${n} wording agreed to`}
              placeholder="The wording the contact agreed to (kept as proof)"
              value={operation.textShown ?? ''}
              onChange={(event) => {
                const { textShown: _old, ...rest } = operation;
                onChange(event.target.value === '' ? rest : { ...rest, textShown: event.target.value });
              }}
            />
          )}
        </>
      );
    case 'addToList':
      return <RemoteSelect ariaLabel={`Operation ${n} list`} value={operation.listId} invalid={false} load={loadContactLists} noun="contact list" onChange={(listId) => onChange({ ...operation, listId })} />;
    case 'logEvent':
      return (
        <>
          <div className="rule__line">
            <input className="nodrag" aria-label={`Operation ${n} event kind`} placeholder="campaign_note" value={operation.eventKind} onChange={(event) => onChange({ ...operation, eventKind: event.target.value })} />
            <input className="nodrag" aria-label={`Operation ${n} event title`} placeholder="Title" value={operation.title} onChange={(event) => onChange({ ...operation, title: event.target.value })} />
          </div>
          <textarea
            className="nodrag"
            rows={2}
            aria-label={`Operation ${n} event text`}
            placeholder="Text (optional)"
            value={operation.body ?? ''}
            onChange={(event) => {
              const { body: _old, ...rest } = operation;
              onChange(event.target.value === '' ? rest : { ...rest, body: event.target.value });
            }}
          />
        </>
      );
  }
}

interface ValueInputProps {
  n: number;
  definition: AttributeDefinition | undefined;
  value: unknown;
  onChange: (value: string | number | boolean) => void;
}

/** The value to set, as the attribute's definition types it: yes/no, one of a list's choices, or typed text. */
function AttributeValueInput({ n, definition, value, onChange }: ValueInputProps) {
  const label = `Operation ${n} value`;
  if (definition?.type === 'boolean') {
    return (
      <select className="nodrag" aria-label={label} value={String(value === true)} onChange={(event) => onChange(event.target.value === 'true')}>
        <option value="true">yes</option>
        <option value="false">no</option>
      </select>
    );
  }
  if (definition?.type === 'list' && definition.options) {
    return (
      <select className="nodrag" aria-label={label} value={typeof value === 'string' ? value : ''} onChange={(event) => onChange(event.target.value)}>
        <option value="">— Choose —</option>
        {definition.options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    );
  }
  return (
    <input
      className="nodrag"
      aria-label={label}
      placeholder="value"
      type={definition?.type === 'date' ? 'date' : 'text'}
      value={value === undefined || value === null ? '' : String(value)}
      onChange={(event) => onChange(attributeValue(event.target.value, definition?.type))}
    />
  );
}
