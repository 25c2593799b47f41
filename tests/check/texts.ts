/** Original newsroom paragraphs written for the check tests (fictional events and places). */

/** Background paragraph 1 of the archive story about the Harwick ferry dispute. */
export const BACKGROUND_1 =
  'The Harwick ferry link carries about four thousand passengers a day between the mainland terminal and Skellan Island, and has run without a full stoppage since the service was taken over by the county in 1998.';

/** Background paragraph 2. */
export const BACKGROUND_2 =
  'Crews voted in September to reject a pay offer of three percent over two years, saying that overtime rules introduced last spring had left many deckhands working six-day weeks through the summer season.';

/** Background paragraph 2, lightly edited (still a near-duplicate). */
export const BACKGROUND_2_EDITED =
  'Crews voted in September to reject a pay offer of three percent over two years, saying overtime rules introduced last spring had left many deckhands working six-day weeks through the busy summer season.';

/** The desk's standard closer, approved boilerplate. */
export const CLOSER =
  'The Harwick Courier will update this story as talks continue. Readers with information about the dispute can contact the newsdesk through the form on our website.';

/** Other paragraphs that repeat nothing. */
export const FRESH = [
  'Ferry crews on the Harwick to Skellan route walked off the job at dawn on Tuesday, leaving hundreds of commuters stranded at the mainland terminal.',
  'The county transport office said it would run two chartered boats at reduced frequency while negotiations with the crews union resumed on Wednesday morning.',
  'Negotiators for both sides met for nine hours on Thursday at a hotel near the terminal, and a mediator said afterwards that the gap had narrowed considerably.',
  'Shopkeepers on Skellan Island said deliveries of fresh produce had dwindled to a trickle, with some shelves empty by midday on the second day of the stoppage.',
  'A spokeswoman for the crews union said members would hold a ballot next week on whether to suspend the action while a revised offer is drawn up.',
  'Parents on the island arranged a rota of private boats to take secondary school pupils across the strait for examinations that could not be postponed.',
  'The strike is the first on the route in more than two decades and has drawn attention to staffing levels across the county ferry fleet.',
];
