import { useId, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { applySuggestion, openTag, suggestionsFor, type OpenTag, type Suggestion } from './autocomplete';

interface TemplateTextFieldProps {
  id: string;
  value: string;
  multiline: boolean;
  invalid: boolean;
  describedBy?: string;
  placeholder?: string;
  /** Everything the template may name (fields, contact attributes, helpers). */
  catalog: readonly Suggestion[];
  onChange: (value: string) => void;
}

const KIND_LABELS: Readonly<Record<Suggestion['kind'], string>> = { field: 'field', attribute: 'attribute', helper: 'helper' };

/**
 * An input or textarea of a template that offers the template's fields and helpers after `{{`,
 * filtered as the user types: ↑ ↓ move, Enter takes one, Esc closes, a click takes one (Tab
 * still leaves the field).
 */
export function TemplateTextField({ id, value, multiline, invalid, describedBy, placeholder, catalog, onChange }: TemplateTextFieldProps) {
  const listId = useId();
  const element = useRef<HTMLInputElement & HTMLTextAreaElement>(null);
  const [caret, setCaret] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  // Esc closes the list until the text or the caret moves on.
  const [dismissedAt, setDismissedAt] = useState<string | null>(null);
  const pendingCaret = useRef<number | null>(null);

  const tag: OpenTag | null = caret === null ? null : openTag(value, caret);
  const suggestions = tag ? suggestionsFor(catalog, tag) : [];
  const open = tag !== null && suggestions.length > 0 && dismissedAt !== `${value}@${caret}`;
  const activeIndex = Math.min(active, Math.max(0, suggestions.length - 1));

  useLayoutEffect(() => {
    if (pendingCaret.current === null || !element.current) return;
    element.current.setSelectionRange(pendingCaret.current, pendingCaret.current);
    pendingCaret.current = null;
  });

  const readCaret = () => {
    const at = element.current?.selectionStart ?? null;
    setCaret(at);
  };

  const choose = (choice: Suggestion) => {
    if (!tag || caret === null) return;
    const next = applySuggestion(value, caret, tag, choice);
    pendingCaret.current = next.caret;
    setCaret(next.caret);
    setActive(0);
    onChange(next.text);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (!open) return;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((activeIndex + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((activeIndex - 1 + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter') {
      const choice = suggestions[activeIndex];
      if (!choice) return;
      event.preventDefault();
      choose(choice);
    } else if (event.key === 'Escape') {
      event.preventDefault();
      setDismissedAt(`${value}@${caret}`);
    }
  };

  const shared = {
    id,
    ref: element,
    value,
    placeholder,
    spellCheck: false,
    role: 'combobox',
    'aria-invalid': invalid,
    'aria-describedby': describedBy,
    'aria-autocomplete': 'list' as const,
    'aria-expanded': open,
    'aria-controls': listId,
    'aria-activedescendant': open ? `${listId}-${activeIndex}` : undefined,
    className: multiline ? 'template-field__input template-field__input--code' : 'template-field__input',
    onChange: (event: { target: { value: string; selectionStart: number | null } }) => {
      setCaret(event.target.selectionStart);
      setActive(0);
      onChange(event.target.value);
    },
    onKeyDown,
    onKeyUp: (event: KeyboardEvent) => {
      // ↑ ↓ move through the open list, not the caret: the tag being typed is still the same.
      if (open && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) return;
      readCaret();
    },
    onClick: readCaret,
    onBlur: () => setCaret(null),
  };

  return (
    <div className="template-field">
      {multiline ? <textarea rows={10} {...shared} /> : <input {...shared} />}
      {open && (
        <ul className="template-field__suggestions" role="listbox" id={listId} aria-label="Fields and helpers">
          {suggestions.map((suggestion, index) => (
            <li
              key={`${suggestion.kind}:${suggestion.name}`}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === activeIndex}
              className={index === activeIndex ? 'template-field__suggestion is-active' : 'template-field__suggestion'}
              // mousedown, not click: the field keeps its focus and caret.
              onMouseDown={(event) => {
                event.preventDefault();
                choose(suggestion);
              }}
              onMouseEnter={() => setActive(index)}
            >
              <code>{suggestion.name}</code> <span className="template-field__kind">{KIND_LABELS[suggestion.kind]}</span>
              <span className="template-field__detail">{suggestion.detail}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
