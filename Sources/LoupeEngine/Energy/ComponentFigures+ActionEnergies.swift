import LoupeModel

extension ComponentFigures {
    /// The figures as the model's per-action energies of a level (docs/spec.md §4). `gated` is 0:
    /// the library has no figure for a gated access.
    public var actionEnergies: ActionEnergies {
        ActionEnergies(read: read, write: write, update: update, leak: leak, compute: compute,
                       gated: 0, source: source, estimated: estimated)
    }
}
