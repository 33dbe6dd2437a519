/**
 * The options page's sections, in nav order. A section is one component given the desk; add
 * Templates, Team and the rest here, one line each.
 */
import type { FunctionComponent } from 'preact';
import type { DeskApi } from '@/components/desk-api';
import { TicketList } from '@/components/TicketList';
import { TemplatesSection } from '@/components/options/TemplatesSection';
import { TeamSection } from '@/components/options/TeamSection';

export interface OptionsSection {
  /** The URL hash that opens it: `options.html#tickets`. */
  id: string;
  title: string;
  Component: FunctionComponent<{ desk: DeskApi }>;
}

export const sections: OptionsSection[] = [
  { id: 'tickets', title: 'Tickets', Component: TicketList },
  { id: 'templates', title: 'Templates', Component: TemplatesSection },
  { id: 'team', title: 'Team', Component: TeamSection },
];
