/**
 * Tabs with tab semantics for screen readers; each tab is a button, reached with Tab and pressed
 * with Enter or Space.
 */
import type { ComponentChildren } from 'preact';

export interface TabSpec<K extends string> {
  key: K;
  label: string;
}

interface TabsProps<K extends string> {
  tabs: TabSpec<K>[];
  selected: K;
  onSelect: (key: K) => void;
  label: string;
  children: ComponentChildren;
}

export function Tabs<K extends string>({
  tabs,
  selected,
  onSelect,
  label,
  children,
}: TabsProps<K>) {
  return (
    <>
      <div role="tablist" aria-label={label} class="tabs">
        {tabs.map((tab) => (
          <button
            key={tab.key}
            id={`tab-${tab.key}`}
            type="button"
            role="tab"
            aria-selected={tab.key === selected}
            aria-controls="panel"
            onClick={() => onSelect(tab.key)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id="panel" aria-labelledby={`tab-${selected}`} class="panel">
        {children}
      </div>
    </>
  );
}
