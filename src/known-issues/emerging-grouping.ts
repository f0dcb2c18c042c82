import { EntityManager } from '@mikro-orm/core';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { clip } from '../common/text/clip';
import { PostEvents } from '../threads/post-events';
import { EmergingIssuesRepository, ReportFacts } from './emerging-issues.repository';
import { bestGroup, groupable, MAX_CANDIDATES, platformKey, softwareKey, SYMPTOM_CHARS } from './emerging-rules';
import { SymptomTerms, symptomTerms, SymptomTermsMemo } from './emerging-similarity';
import { softwareWords } from '../notifications/software-match';
import { reportText } from './known-issue-promotion';

/** Terms of candidates kept between reports: ≈ 6 MB at most, short symptoms or long (5.2–5.8 MB measured). */
const MEMO_TERMS = 100_000;

/**
 * Keeps the emerging-issue groups in step with the reports, in the transaction of the write that moves them:
 * a report published, hidden, restored, deleted or corrected (post events), or linked to or unlinked from a
 * known issue (KnownIssuesService calls `regroup`). The moderators' page only reads what is stored here.
 */
@Injectable()
export class EmergingGrouping implements OnModuleInit {
  private readonly candidateTerms = new SymptomTermsMemo(MEMO_TERMS);

  constructor(
    private readonly events: PostEvents,
    private readonly repo: EmergingIssuesRepository,
  ) {}

  onModuleInit(): void {
    // Derived state, like the platform counters: with the statistics, before notifications and the index.
    this.events.on('published', 'statistics', (em, e) => (e.isReport ? this.regroup(em, e.postId, true) : Promise.resolve()));
    this.events.on('changed', 'statistics', (em, e) => (e.isReport ? this.regroup(em, e.postId) : Promise.resolve()));
  }

  /**
   * Puts a report where it now belongs: out of its group when it no longer qualifies or says something else
   * (platform, software, symptom), into the most alike group (or a new one) when it qualifies and is in none.
   * `published`: the report has just become public, so it is in no group yet.
   */
  async regroup(em: EntityManager, postId: number, published = false): Promise<void> {
    // The writer's pending changes (an edit's new text) are read back as they will be committed.
    await em.flush();
    const facts = await this.repo.report(em, postId);
    const compared = facts && groupable(facts) ? comparedBy(facts) : null;
    if (published) {
      // Nothing to leave: a report that does not qualify (a success, say) has nothing to do, and takes no lock.
      if (!compared) return;
      await this.repo.lockAdvisory(em, facts!.advisoryId);
      return this.place(em, facts!, compared);
    }
    let member = await this.repo.membership(em, postId);
    const advisoryId = facts?.advisoryId ?? member?.advisoryId;
    if (!advisoryId) return;
    // One writer at a time groups an advisory's reports: two alike reports posted at once cannot both start a group.
    await this.repo.lockAdvisory(em, advisoryId);
    member = await this.repo.membership(em, postId);
    if (member && (await this.repo.lock(em, member.groupId))) member = await this.repo.membership(em, postId);
    if (member) {
      const same =
        compared && member.platform === compared.platform && member.software === compared.software && member.symptom === compared.symptom;
      if (same) {
        if (member.hosts !== facts!.hosts) await this.repo.moveHosts(em, postId, member, facts!.hosts);
        return;
      }
      await this.repo.leave(em, postId, member);
    }
    if (compared) await this.place(em, facts!, compared);
  }

  /** A qualifying report joins the group of the report most alike to it among its candidates, or starts one. */
  private async place(em: EntityManager, facts: ReportFacts, compared: Compared): Promise<void> {
    const own = softwareWords(facts.software);
    const terms = symptomTerms(compared.symptom, own);
    const rows = await this.repo.candidates(em, facts.advisoryId, compared.platform, compared.software, MAX_CANDIDATES);
    // The software either report names is left out on both sides: a shared product name is no shared symptom.
    // This report's side depends only on the candidate's software: read once per software named, not per candidate.
    const sides = new Map<string, { named: string[]; own: SymptomTerms }>();
    const sideFor = (software: string) => {
      let side = sides.get(software);
      if (!side) {
        const named = [...new Set([...own, ...softwareWords(software)])];
        sides.set(software, (side = { named, own: symptomTerms(compared.symptom, named) }));
      }
      return side;
    };
    const candidates = rows
      .filter((r) => Number(r.post_id) !== facts.postId)
      .map((r) => {
        const side = sideFor(r.software);
        return { groupId: Number(r.group_id), terms: this.candidateTerms.terms(r.symptom, side.named), own: side.own };
      });
    const chosen = bestGroup(terms, candidates);
    // The group chosen may have been emptied (and removed) by a write that committed since the candidates were read.
    const groupId =
      chosen !== null && (await this.repo.lock(em, chosen)) ? chosen : await this.repo.newGroup(em, facts.advisoryId, facts.createdAt);
    await this.repo.join(em, {
      postId: facts.postId,
      groupId,
      advisoryId: facts.advisoryId,
      authorId: facts.authorId,
      platform: compared.platform,
      software: compared.software,
      hosts: facts.hosts,
      symptom: compared.symptom,
      reportedAt: facts.createdAt,
    });
  }
}

interface Compared {
  platform: string;
  software: string;
  symptom: string;
}

/** What a report is compared by, as stored with its membership. */
function comparedBy(facts: ReportFacts): Compared {
  return {
    platform: platformKey(facts.platformKey, facts.platformOther),
    software: softwareKey(facts.software),
    symptom: clip(reportText(facts.html), SYMPTOM_CHARS),
  };
}
