import type { SavedFlowProblem } from '../../../contracts/flow';
import { isNodeTypeName, nodeType, type NodeTypeName } from '../../../flow/registry';
import type { ComponentType } from 'react';
import { AudienceSourceEditor } from './audience-source-editor';
import { BranchEditor } from './branch-editor';
import { CallbackEditor } from './callback-editor';
import type { ConfigEditorProps } from './config-editor';
import type { FieldEditor } from './field-editor';
import { flowType } from './node-data';
import { ProductPicker } from './pickers';
import { ReviewEditor } from './review-editor';
import { SchemaForm } from './schema-form';
import { useEditor, useEditorStore } from './store-context';
import { TemplatePicker } from './template-picker';
import { UpdateOperationsEditor } from './update-operations-editor';

/** Specialised editors for some fields, by node type (the rest are generated from the schema). */
const FIELD_EDITORS: Readonly<Partial<Record<NodeTypeName, Readonly<Record<string, FieldEditor>>>>> = {
  generate: { templateId: TemplatePicker },
  update: { operations: UpdateOperationsEditor },
  convert: { productId: ProductPicker },
};

/**
 * Node types whose whole config has an editor of its own: the audience picks its source first
 * (segment, rule tree, list, simple rules) and shows its count; the branch its mode first; the
 * call-back has its questionnaire, outcomes and assignment; the review its reviewers.
 */
const CONFIG_EDITORS: Readonly<Partial<Record<NodeTypeName, ComponentType<ConfigEditorProps>>>> = {
  audience: AudienceSourceEditor,
  branch: BranchEditor,
  callback: CallbackEditor,
  review: ReviewEditor,
};

const NO_PROBLEMS: readonly SavedFlowProblem[] = [];

/** The selected node's settings, as a form generated from its type's config schema. */
export function Inspector() {
  const selectedId = useEditor((state) => state.nodes.find((node) => node.selected)?.id);
  return (
    <section className="panel inspector" aria-label="Inspector">
      <h2 className="panel-title">Inspector</h2>
      {selectedId ? <NodeSettings key={selectedId} id={selectedId} /> : <p className="muted">Select a node to edit its settings.</p>}
    </section>
  );
}

function NodeSettings({ id }: { id: string }) {
  const store = useEditorStore();
  const data = useEditor((state) => state.nodes.find((node) => node.id === id)?.data);
  const problems = useEditor((state) => state.problemsByNode[id]) ?? NO_PROBLEMS;
  if (!data) return null;
  const type = flowType(data);
  const definition = nodeType(type);
  if (!definition) {
    return <p className="field__error">This node has the unknown type “{type}”: delete it or replace it with a known one.</p>;
  }
  const ConfigEditor = isNodeTypeName(type) ? CONFIG_EDITORS[type] : undefined;
  return (
    <div>
      <p className="inspector__type">
        <strong>{definition.label}</strong> <code>{id}</code>
      </p>
      <p className="muted">{definition.description}</p>
      {ConfigEditor ? (
        <ConfigEditor config={data.config} problems={problems} onChange={(config) => store.getState().updateConfig(id, config)} />
      ) : (
        <SchemaForm
          schema={definition.configSchema}
          value={data.config}
          problems={problems}
          editors={(isNodeTypeName(type) && FIELD_EDITORS[type]) || {}}
          onChange={(config) => store.getState().updateConfig(id, config)}
        />
      )}
    </div>
  );
}
