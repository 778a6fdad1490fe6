/** The activities of the ceiling workflow: each returns at once. */
export interface CeilingActivities {
  doNothing: (step: number) => Promise<void>;
}

export const ceilingActivities: CeilingActivities = {
  doNothing: () => Promise.resolve(),
};
