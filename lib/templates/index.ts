/** Canned-reply templates: pure logic (no browser APIs, DOM or storage) for the picker, the options page and the composers. */
export { parseTemplate, describeSyntaxErrors, type ParseResult, type Span, type TemplateNode, type TemplateSyntaxError, type TemplateTree } from './parse';
export { render, createIncludeLookup, type IncludeLookup, type RenderContext, type RenderOptions, type RenderProblem, type RenderResult } from './render';
export { knownKeys, namespaces, type AgentFacts, type CustomerFacts, type Namespace, type TeamFacts, type TicketFacts, type VariableContext } from './variables';
export { TemplateIndex, type MatchKind, type SearchFilters, type SearchHit, type SearchOptions, type SearchResult, type SearchableTemplate } from './search';
export { checkLength, limits, xWeightedLength, X_MAX_WEIGHTED, type LengthCheck } from './limits';
export { shortcutBeforeCaret, type ShortcutToken } from './inline';
export { isValidShortcut, normalizeShortcut, shortcutRule } from './shortcut';
export { toDraft, type ImportDefaults, type ImportProblem, type ImportResult, type TemplateDraft } from './draft';
export { exportJson, importJson, JSON_FORMAT, JSON_VERSION, type TemplateFile } from './json';
export { exportCsv, importCsv } from './csv';
export { starterPack, starterLanguages, starterShortcut, type StarterLanguage } from './starter';
