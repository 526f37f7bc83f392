from django.conf import settings
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

# What each recorded action means, for people reading the log.
ACTION_LABELS = {
    "collective.created": _("Collective created"),
    "collective.updated": _("Collective settings changed"),
    "collective.organisation_added": _("Organisation added"),
    "invitation.sent": _("Invitation sent"),
    "invitation.revoked": _("Invitation withdrawn"),
    "membership.joined_by_invitation": _("Joined by invitation"),
    "membership.role_changed": _("Role changed"),
    "membership.ended": _("Membership ended"),
    "membership_request.created": _("Request to join sent"),
    "membership_request.accepted": _("Request to join accepted"),
    "membership_request.refused": _("Request to join refused"),
    "network.coordinator_named": _("Network coordinator named"),
    "network.coordinator_removed": _("Network coordinator removed"),
    "governance.text_created": _("Text published"),
    "governance.text_updated": _("Text edited"),
    "consultations.created": _("Consultation created"),
    "consultations.updated": _("Consultation changed"),
    "consultations.closed": _("Consultation closed with its conclusions"),
    "consultations.contacts_erased": _("Participants' e-mail addresses erased at closing"),
    "consultations.question_added": _("Question added"),
    "consultations.question_changed": _("Question changed"),
    "consultations.group_added": _("Group added"),
    "consultations.group_facilitators": _("Group facilitators changed"),
    "consultations.group_renamed": _("Group renamed"),
    "consultations.group_deleted": _("Group deleted"),
    "consultations.live_opened": _("Live session opened"),
    "consultations.live_closed": _("Live session closed"),
    "consultations.code_added": _("Code added to the grid"),
    "consultations.code_renamed": _("Code of the grid renamed"),
    "consultations.round_added": _("Round added"),
    "consultations.round_opened": _("Round opened"),
    "consultations.round_closed": _("Round closed"),
    "consultations.round_changed": _("Round changed before it opened"),
    "consultations.round_statements": _("Statements of a round chosen"),
    "consultations.statement_added": _("Statement added"),
    "consultations.synthesis_published": _("Synthesis published"),
    "consultations.territory_synthesis_published": _("Territory's synthesis published"),
    "consultations.territory_synthesis_withdrawn": _("Territory's synthesis withdrawn"),
    "consultations.paper_notes": _("Notes entered from paper"),
    "consultations.note_hidden": _("Note hidden"),
    "consultations.note_shown": _("Note shown again"),
    "consultations.note_corrected": _("Note corrected"),
    "consultations.note_moved": _("Note moved to a theme"),
    "consultations.note_duplicate": _("Note merged as a duplicate"),
    "consultations.note_unfolded": _("Duplicate note unfolded"),
    "consultations.note_coded": _("Note coded"),
    "consultations.notes_moved": _("Several notes moved to a theme at once"),
    "consultations.notes_coded": _("Several notes coded at once"),
    "consultations.theme_created": _("Theme created"),
    "consultations.theme_changed": _("Theme changed"),
    "consultations.theme_deleted": _("Theme deleted, its notes back among the unsorted ones"),
    "consultations.theme_moved": _("Theme moved up or down"),
    "consultations.themes_merged": _("Themes of several groups merged"),
    "consultations.commitment_made": _("Pledge turned into a commitment"),
    "consultations.proposal_accepted": _("Proposal of the engine accepted"),
    "consultations.proposal_rejected": _("Proposal of the engine rejected"),
    "meetings.meeting_created": _("Meeting planned"),
    "meetings.meeting_updated": _("Meeting changed"),
    "meetings.meeting_cancelled": _("Meeting cancelled"),
    "meetings.invitations_sent": _("Meeting invitations sent"),
    "meetings.invitee_added": _("Person invited to a meeting"),
    "meetings.invitee_removed": _("Person taken off a meeting's list"),
    "meetings.rsvp": _("Answer to a meeting invitation"),
    "meetings.attendance_recorded": _("Attendance recorded"),
    "meetings.item_added": _("Agenda item added"),
    "meetings.item_proposed": _("Agenda item proposed"),
    "meetings.item_updated": _("Agenda item changed"),
    "meetings.item_decided": _("Proposed agenda item kept or declined"),
    "meetings.item_moved": _("Agenda item moved"),
    "meetings.item_commented": _("Comment on an agenda item"),
    "meetings.decision_added": _("Decision recorded"),
    "meetings.decision_updated": _("Decision changed"),
    "meetings.decision_from_statement": _("Statement of a consultation made a decision"),
    "meetings.announcement_added": _("Announcement shared"),
    "meetings.next_steps_set": _("Next steps written"),
    "meetings.next_meeting_created": _("Next meeting planned"),
    "meetings.minutes_submitted": _("Minutes submitted to participants"),
    "meetings.amendment_proposed": _("Change to the minutes proposed"),
    "meetings.amendment_decided": _("Proposed change to the minutes answered"),
    "meetings.minutes_approved": _("Minutes approved"),
    "meetings.minutes_reopened": _("New version of the minutes started"),
    "meetings.feed_created": _("Calendar address created"),
    "actions.created": _("Action created"),
    "actions.updated": _("Action changed"),
    "actions.status_changed": _("Action status changed"),
    "actions.comment_added": _("Comment added to an action"),
    "actions.comment_archived": _("Comment on an action archived"),
    "actions.shifted": _("Action moved later, after one it depends on"),
    "actions.dependency_added": _("Dependency between actions added"),
    "actions.dependency_removed": _("Dependency between actions removed"),
    "actions.phase_created": _("Phase created"),
    "actions.phase_updated": _("Phase changed"),
    "actions.phase_deleted": _("Phase deleted"),
    "projects.work_stream_created": _("Work stream created"),
    "projects.work_stream_updated": _("Work stream changed"),
    "projects.work_stream_archived": _("Work stream archived"),
    "projects.project_created": _("Project created"),
    "projects.project_updated": _("Project changed"),
    "projects.status_changed": _("Project status changed"),
    "projects.progress_set": _("Project progress set"),
    "projects.project_archived": _("Project archived"),
    "projects.milestone_added": _("Milestone added"),
    "projects.milestone_reached": _("Milestone reached"),
    "projects.milestone_archived": _("Milestone archived"),
    "projects.link_added": _("Link added to a project"),
    "projects.link_archived": _("Link archived"),
    "projects.comment_added": _("Comment added"),
    "projects.comment_archived": _("Comment archived"),
    "projects.need_added": _("Need added to a project"),
    "projects.need_closed": _("Need closed"),
    "projects.volunteer_signed_up": _("Volunteer signed up"),
    "projects.volunteer_withdrew": _("Volunteer withdrew"),
    "events.programme_created": _("Programme created"),
    "events.programme_published": _("Programme published"),
    "events.event_created": _("Event created"),
    "events.event_updated": _("Event updated"),
    "events.event_published": _("Event published"),
    "events.event_cancelled": _("Event cancelled"),
    "events.speaker_added": _("Speaker added"),
    "events.question_added": _("Registration question added"),
    "events.registration_cancelled": _("A registration was cancelled"),
    "events.registration_deleted": _("A registrant deleted their registration"),
    "events.registration_promoted": _("Someone waiting was given a seat"),
    "events.capacity_changed": _("Number of seats changed"),
    "events.registrations_closed": _("Registrations closed"),
    "events.registrations_reopened": _("Registrations reopened"),
    "events.report_published": _("Report published"),
    "events.personal_data_erased": _("Registrants' personal data erased"),
    "premises.prices_changed": _("Prices of the premises changed"),
    "premises.service_price_set": _("Price of a service set"),
    "premises.service_subscribed": _("Service subscribed by a tenant"),
    "premises.service_unsubscribed": _("Service ended for a tenant"),
    "premises.statement_issued": _("Statement issued"),
    "premises.credit_note_issued": _("Credit note issued"),
    "premises.statement_paid": _("Statement marked paid"),
    "premises.site_created": _("Site created"),
    "premises.site_updated": _("Site changed"),
    "premises.closed_period_added": _("Closed period added to a site"),
    "premises.closed_period_removed": _("Closed period removed from a site"),
    "premises.holidays_added": _("Public holidays added to a site's closed periods"),
    "premises.space_added": _("Space added"),
    "premises.space_updated": _("Space changed"),
    "premises.space_archived": _("Space archived"),
    "premises.desks_reserved": _("Desks reserved for an organisation"),
    "premises.category_added": _("Price category added"),
    "premises.category_updated": _("Price category changed"),
    "premises.application_submitted": _("Tenancy application sent"),
    "premises.application_accepted": _("Tenancy application accepted"),
    "premises.application_refused": _("Tenancy application refused"),
    "premises.tenancy_updated": _("Tenancy changed"),
    "premises.tenancy_ended": _("Tenancy ended"),
    "orientation.referral_sent": _("Referral sent"),
    "orientation.referral_accepted": _("Referral accepted"),
    "orientation.referral_refused": _("Referral refused"),
    "orientation.referral_cancelled": _("Referral cancelled"),
    "orientation.referral_closed": _("Referral closed"),
    "orientation.referral_erased": _("Referred person's data erased"),
    "premises.request_received": _("Room requested from outside"),
    "premises.request_accepted": _("Room request accepted"),
    "premises.request_held": _("Room held for a request"),
    "premises.request_released": _("Hold of a room released"),
    "premises.request_refused": _("Room request refused"),
    "premises.requester_data_erased": _("Requester's personal data erased"),
    "premises.feed_renewed": _("Calendar feed address renewed"),
    "premises.scenario_saved": _("Economic scenario saved"),
    "premises.booking_made": _("Half-day booked"),
    "premises.booking_cancelled": _("Booking cancelled"),
    "premises.series_booked": _("Series of bookings made"),
    "premises.series_range_cancelled": _("Bookings of a series cancelled for a period"),
    "premises.series_rest_cancelled": _("Rest of a series of bookings cancelled"),
    "orientation.structure_created": _("Structure added to the orientation catalogue"),
    "orientation.structure_updated": _("Structure of the orientation catalogue changed"),
    "orientation.structure_checked": _("Structure and its offers marked as checked"),
    "orientation.offer_created": _("Offer added to the orientation catalogue"),
    "orientation.offer_updated": _("Offer changed"),
    "orientation.criteria_changed": _("Criteria of an offer changed"),
    "orientation.offer_published": _("Offer published"),
    "orientation.offer_unpublished": _("Offer unpublished"),
    "orientation.offer_checked": _("Offer marked as checked"),
    "orientation.catalogue_imported": _("data·inclusion file imported into the catalogue"),
    "orientation.handover_read": _("Questionnaire handed over read by a professional"),
    # Employment: job cafés (employment/services_cafe.py).
    "employment.cafe_set_up": _("Job café set up"),
    "employment.cafe_changed": _("Job café's settings changed"),
    "employment.recruiter_added": _("Recruiter added to a job café"),
    "employment.recruiter_changed": _("Recruiter of a job café changed"),
    "employment.recruiter_removed": _("Recruiter removed from a job café"),
    "employment.recruiter_presence": _("Recruiter marked present or absent"),
    "employment.recruiter_link_sent": _("Personal link sent to a recruiter"),
    "employment.offer_added": _("Job offer added"),
    "employment.offer_changed": _("Job offer changed"),
    "employment.offer_removed": _("Job offer removed"),
    "employment.seeker_registered": _("Job seeker registered"),
    "employment.seeker_walked_in": _("Job seeker added on the day"),
    "employment.seeker_checked_in": _("Job seeker's arrival or departure"),
    "employment.seeker_profile_changed": _("Job seeker's profile changed from their link"),
    "employment.seeker_consent": _("Job seeker's consent given or withdrawn"),
    "employment.seeker_cv_replaced": _("Job seeker's CV sent"),
    "employment.seeker_cv_deleted": _("Job seeker's CV deleted"),
    "employment.seeker_kept": _("Job seeker asked to keep their data"),
    "employment.seeker_erased": _("Job seeker's data erased"),
    # Employment: after the café (outcomes, follow-up sessions, obstacles).
    "employment.outcome_recorded": _("Job seeker's outcome recorded"),
    "employment.session_planned": _("Follow-up session of a job café planned"),
    "employment.obstacle_noted": _("Obstacle to employment noted"),
    "employment.obstacle_action": _("Obstacle to employment made an action"),
    # Employment: recruitment operations.
    "employment.operation_created": _("Recruitment operation created"),
    "employment.operation_updated": _("Recruitment operation changed"),
    "employment.targets_set": _("Monthly hiring targets set"),
    "employment.channel_added": _("Sourcing channel added"),
    "employment.channel_updated": _("Sourcing channel changed"),
    "employment.channel_removed": _("Sourcing channel removed"),
    "employment.candidate_added": _("Candidate added to an operation"),
    "employment.candidate_moved": _("Candidate moved along the pipeline"),
    "employment.candidate_state_changed": _("State of an application changed"),
    "employment.candidate_erased": _("Candidate's personal data erased"),
    # Employment: the day's rounds of a job café.
    "employment.rotations_planned": _("Rounds of a job café planned"),
    "employment.meeting_outcome_recorded": _("Outcome of a job café meeting noted"),
    # Employer group: pooling runs, jobs kept, combinations excluded.
    "employers.run_started": _("Pooling run started"),
    "employers.job_kept": _("Pooled job kept"),
    "employers.job_completed": _("Pooled job completed with holiday needs"),
    "employers.job_changed": _("Pooled job changed"),
    "employers.job_ended": _("Pooled job ended"),
    "employers.exclusion_added": _("Combination of needs excluded from pooling"),
    "employers.exclusion_removed": _("Exclusion of needs removed"),
    # Employer group: the group, its members, sites, qualifications table and needs.
    "employers.group_created": _("Employer group created"),
    "employers.group_changed": _("Employer group's rules changed"),
    "employers.member_added": _("Member employer added to the group"),
    "employers.member_ended": _("Member employer left the group"),
    "employers.site_added": _("Site of a member employer added"),
    "employers.site_changed": _("Site of a member employer changed"),
    "employers.family_added": _("Job family added"),
    "employers.qualification_added": _("Qualification added to the table"),
    "employers.qualification_changed": _("Qualification of the table changed"),
    "employers.training_added": _("Training added"),
    "employers.training_changed": _("Training changed"),
    "employers.training_removed": _("Training removed"),
    "employers.need_declared": _("Need declared"),
    "employers.need_changed": _("Need changed"),
    "employers.need_withdrawn": _("Need withdrawn"),
    # employer group: staff lending and skills sponsorship (employers/services_agreements.py)
    "employers.lending_added": _("Staff lending agreement proposed"),
    "employers.lending_changed": _("Staff lending agreement changed"),
    "employers.lending_signed": _("Staff lending agreement signed"),
    "employers.lending_ended": _("Staff lending agreement ended"),
    "employers.sponsorship_added": _("Skills sponsorship offer added"),
    "employers.sponsorship_changed": _("Skills sponsorship offer changed"),
    "employers.sponsorship_assigned": _("Skills sponsorship offer given to a member"),
    "employers.sponsorship_closed": _("Skills sponsorship offer closed"),
}


class AuditEventQuerySet(models.QuerySet):
    def for_collective(self, collective):
        return self.filter(collective=collective)


class AuditEvent(models.Model):
    """One change of shared content: who did what, when, and what it was before and after.

    Rows are only ever added. ``before`` and ``after`` hold short summaries of the
    changed fields, not whole documents (versions keep those).
    """

    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    collective = models.ForeignKey(
        "collectives.Collective",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
    )
    action = models.CharField(_("action"), max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["collective", "-created_at"])]
        verbose_name = _("audit event")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.object_repr}"

    @property
    def action_label(self):
        return ACTION_LABELS.get(self.action, self.action)

    def changes(self):
        """(field, before, after) for each field that differs, as stored."""
        keys = sorted(set(self.before) | set(self.after))
        return [
            (key, self.before.get(key), self.after.get(key))
            for key in keys
            if self.before.get(key) != self.after.get(key)
        ]

    @cached_property
    def readable_changes(self):
        """The changes in words, in the active language (see ``history``); views that
        list many events call ``history.describe`` on them instead, which looks up ids
        stored by older rows once per page."""
        from .history import describe

        return describe([self])[0].readable_changes
