import LoupeEngine
import LoupeModel

/// `report.json`: everything in the other report files, machine-readable, keys in the order
/// below (stable across runs and versions; new keys are only ever appended to an object).
///
/// ```text
/// format: "loupe-report", version: 1
/// architecture: name, technology, clock_hz, total_pes, area_mm2,
///     levels[]: name, class, dram, instances, array [x, y], size_words (null = unbounded),
///         word_bits, block_words, keeps[], bandwidth {read, write, shared} (null = unlimited),
///         network_transfer_pj, energy {read, write, update, leak, compute, gated (pJ per block
///         access; leak per cycle per instance), source, estimated}, area_um2, area_source
///     techniques[]: kind, options {key: value, keys sorted}
/// workload: name, batch, layers (count), macs
/// totals: macs, effectual_macs, cycles, latency_s, energy_pj, pj_per_mac, edp_j_s,
///     inferences_per_s, gmacs_per_s, average_power_w, utilization, area_mm2,
///     dense_energy_pj, dense_cycles
///     (+ dynamic_energy_pj, static_energy_pj, dynamic_power_w, static_power_w when the
///     architecture gives a chip static power)
/// energy_breakdown[]: component, kind (level | network | mac | leak | static | machinery),
///     energy_pj, share
/// techniques[]: technique, layers, energy_saved_pj, energy_saved_share, cycles_saved,
///     cycles_saved_share
/// layers[]: name, type, repeat, dims {N G K C P Q R S}, stride [rows, cols],
///     dilation [rows, cols], padding [rows, cols], precision {weights, inputs, outputs},
///     macs, effectual_macs, compute_cycles, cycles, latency_s, utilization, utilized_pes,
///     total_pes, energy_pj, pj_per_mac, edp_j_s, bound, mapping (one line), mapping_source, search_end,
///     loop_nest[]: level, temporal, spatial_x, spatial_y ("P=8 Q=2" strings), keeps (null =
///         the architecture's),
///     dense {energy_pj, cycles, bound},
///     energy[]: component, kind, energy_pj,
///     levels[]: name, instances, utilized_instances, bandwidth_cycles, access_energy_pj,
///         leak_energy_pj,
///         tensors[]: tensor, utilized_instances, reads, fills, updates, gated, skipped,
///             metadata_words (totals over utilized instances, words), reads_per_instance,
///             fills_per_instance, updates_per_instance, tile_words, partition_words,
///             bits_per_value (null = the level's word bits), energy_pj
///     networks[]: level, words, energy_pj
///     mac_energy_pj, gated_macs, skipped_macs,
///     techniques[]: technique, energy_pj_before, energy_pj_after, cycles_before,
///         cycles_after, notes[],
///     lower_bound (null = not computed) {energy_pj, cycles, compute_cycles, mac_energy_pj,
///         access_energy_pj, leak_energy_pj, energy_gap, cycles_gap (dense figures over the
///         bound − 1)}
///     (+ imbalance, the load-imbalance factor, when a technique models it)
/// mapper_summary, assumptions[], estimated_energies[]: level, source
/// ```
///
/// Per-layer figures are for one instance of the layer; `totals` and the network-wide lists
/// multiply by `repeat`. Numbers follow `NumberFormat.Style.report`; undefined ones are `null`.
enum ReportJSON {
    static func document(_ estimate: NetworkEstimate) -> JSONValue {
        let totals = NetworkTotals(estimate)
        let arch = estimate.architecture
        let breakdown = EnergyBreakdown.network(estimate)
        return .object([
            ("format", .string("loupe-report")),
            ("version", .int(1)),
            ("architecture", architecture(arch)),
            ("workload", .object([
                ("name", .string(estimate.workload.name)),
                ("batch", .int(estimate.workload.batch)),
                ("layers", .int(estimate.layers.count)),
                ("macs", .int(totals.macs)),
            ])),
            ("totals", .object([
                ("macs", .int(totals.macs)),
                ("effectual_macs", .number(totals.effectualMACs)),
                ("cycles", .number(totals.cycles)),
                ("latency_s", .number(totals.latency)),
                ("energy_pj", .number(totals.energy)),
                ("pj_per_mac", .number(totals.pjPerMAC)),
                ("edp_j_s", .number(totals.edp)),
                ("inferences_per_s", .number(totals.inferencesPerSecond)),
                ("gmacs_per_s", .number(totals.gmacsPerSecond)),
                ("average_power_w", .number(totals.averagePower)),
                ("utilization", .number(totals.utilization)),
                ("area_mm2", .number(totals.areaMM2)),
                ("dense_energy_pj", .number(totals.denseEnergy)),
                ("dense_cycles", .number(totals.denseCycles)),
            ] + (estimate.architecture.staticPowerWatts > 0 ? [
                ("dynamic_energy_pj", .number(totals.dynamicEnergy)),
                ("static_energy_pj", .number(totals.staticEnergy)),
                ("dynamic_power_w", .number(totals.dynamicPower)),
                ("static_power_w", .number(totals.staticPower)),
            ] : []))),
            ("energy_breakdown", .array(breakdown.map { c in
                .object([
                    ("component", .string(c.name)),
                    ("kind", .string(c.kind.rawValue)),
                    ("energy_pj", .number(c.energy)),
                    ("share", .number(totals.energy != 0 ? c.energy / totals.energy : .nan)),
                ])
            })),
            ("techniques", .array(TechniqueSummary.all(estimate).map { s in
                .object([
                    ("technique", .string(s.technique)),
                    ("layers", .int(s.layers)),
                    ("energy_saved_pj", .number(s.energySaved)),
                    ("energy_saved_share", .number(totals.denseEnergy != 0 ? s.energySaved / totals.denseEnergy : .nan)),
                    ("cycles_saved", .number(s.cyclesSaved)),
                    ("cycles_saved_share", .number(totals.denseCycles != 0 ? s.cyclesSaved / totals.denseCycles : .nan)),
                ])
            })),
            ("layers", .array(estimate.layers.map { layer($0, architecture: arch) })),
            ("mapper_summary", .string(estimate.mapperSummary)),
            ("assumptions", .array(estimate.assumptions.map { .string($0) })),
            ("estimated_energies", .array(arch.levels.filter(\.energy.estimated).map { level in
                .object([("level", .string(level.name)), ("source", .string(level.energy.source))])
            })),
        ])
    }

    private static func architecture(_ arch: Architecture) -> JSONValue {
        .object([
            ("name", .string(arch.name)),
            ("technology", arch.technology.map { .string($0.rawValue) } ?? .null),
            ("clock_hz", .number(arch.clockHz)),
            ("total_pes", .int(arch.totalPEs)),
            ("area_mm2", .number(arch.areaMM2)),
            ("levels", .array(arch.levels.indices.map { i in
                let level = arch.levels[i]
                return .object([
                    ("name", .string(level.name)),
                    ("class", .string(level.levelClass.rawValue)),
                    ("dram", level.dram.map { .string($0.rawValue) } ?? .null),
                    ("instances", .int(arch.instances(of: i))),
                    ("array", .array([.int(level.arrayX), .int(level.arrayY)])),
                    ("size_words", level.sizeWords.map { .int($0) } ?? .null),
                    ("word_bits", .int(level.wordBits)),
                    ("block_words", .int(level.blockWords)),
                    ("keeps", .array(level.keeps.sorted().map { .string($0.description) })),
                    ("bandwidth", .object([
                        ("read", .maybe(level.bandwidth.read)),
                        ("write", .maybe(level.bandwidth.write)),
                        ("shared", .maybe(level.bandwidth.shared)),
                    ])),
                    ("network_transfer_pj", .number(level.networkTransfer)),
                    ("energy", .object([
                        ("read", .number(level.energy.read)),
                        ("write", .number(level.energy.write)),
                        ("update", .number(level.energy.update)),
                        ("leak", .number(level.energy.leak)),
                        ("compute", .number(level.energy.compute)),
                        ("gated", .number(level.energy.gated)),
                        ("source", .string(level.energy.source)),
                        ("estimated", .bool(level.energy.estimated)),
                    ])),
                    ("area_um2", .number(level.areaUm2)),
                    ("area_source", .string(level.areaSource)),
                ])
            })),
            ("techniques", .array(arch.techniques.map { t in
                .object([
                    ("kind", .string(t.kind)),
                    ("options", .object(t.optionText.map { ($0.key, .string($0.text)) })),
                ])
            })),
        ])
    }

    private static func layer(_ estimate: LayerEstimate, architecture arch: Architecture) -> JSONValue {
        let m = LayerMetrics(estimate, architecture: arch)
        let l = estimate.layer
        let e = estimate.final
        // `padded_from`: the workload's bounds when the architecture padded the layer
        // (`multiple_of`, docs/model.md §7); absent otherwise, so unpadded reports are unchanged.
        let paddedFrom: [(String, JSONValue)] = estimate.unpaddedBounds.map { b in
            [("padded_from", .object(Dimension.allCases.map { ($0.description, .int(b[$0.rawValue])) }))]
        } ?? []
        var fields: [(String, JSONValue)] = [
            ("name", .string(m.name)),
            ("type", .string(m.type)),
            ("repeat", .int(m.repeatCount)),
            ("dims", .object(Dimension.allCases.map { ($0.description, .int(l[$0])) })),
        ] + paddedFrom + [
            ("stride", .array([.int(l.strideRows), .int(l.strideCols)])),
            ("dilation", .array([.int(l.dilationRows), .int(l.dilationCols)])),
            ("padding", .array([.int(l.paddingRows), .int(l.paddingCols)])),
            ("precision", .object(TensorKind.allCases.map { ($0.description, .int(l.precision[$0])) })),
            ("macs", .int(m.macs)),
            ("effectual_macs", .number(m.effectualMACs)),
            ("compute_cycles", .int(m.computeCycles)),
            ("cycles", .number(m.cycles)),
            ("latency_s", .number(m.latency)),
            ("utilization", .number(m.utilization)),
            ("utilized_pes", .int(e.utilizedPEs)),
            ("total_pes", .int(e.totalPEs)),
            ("energy_pj", .number(m.energy)),
            ("pj_per_mac", .number(m.pjPerMAC)),
            ("edp_j_s", .number(m.edp)),
            ("bound", .string(m.bound)),
            ("mapping", .string(m.mapping)),
            ("mapping_source", .string(estimate.mappingSource)),
            ("search_end", .string(estimate.searchEnd)),
            ("loop_nest", .array(e.mapping.levels.enumerated().map { i, level in
                .object([
                    ("level", .string(MappingText.levelName(i, architecture: arch))),
                    ("temporal", .string(MappingText.loopList(level.temporal))),
                    ("spatial_x", .string(MappingText.loopList(level.spatialX))),
                    ("spatial_y", .string(MappingText.loopList(level.spatialY))),
                    ("keeps", level.keeps.map { .array($0.sorted().map { .string($0.description) }) } ?? .null),
                ])
            })),
            ("dense", .object([
                ("energy_pj", .number(estimate.dense.energy)),
                ("cycles", .number(estimate.dense.cycles)),
                ("bound", .string(estimate.dense.bound)),
            ])),
            ("energy", .array(EnergyBreakdown(e, architecture: arch).components.map { c in
                .object([("component", .string(c.name)), ("kind", .string(c.kind.rawValue)), ("energy_pj", .number(c.energy))])
            })),
            ("levels", .array(e.levels.map { level in
                .object([
                    ("name", .string(level.name)),
                    ("instances", .int(level.instances)),
                    ("utilized_instances", .int(level.utilizedInstances)),
                    ("bandwidth_cycles", .number(level.bandwidthCycles)),
                    ("access_energy_pj", .number(level.accessEnergy)),
                    ("leak_energy_pj", .number(level.leakEnergy)),
                    ("tensors", .array(level.tensors.map(tensor))),
                ])
            })),
            ("networks", .array(e.networks.map { n in
                .object([("level", .string(n.level)), ("words", .number(n.words)), ("energy_pj", .number(n.energy))])
            })),
            ("mac_energy_pj", .number(e.macEnergy)),
            ("gated_macs", .number(e.gatedMACs)),
            ("skipped_macs", .number(e.skippedMACs)),
            ("techniques", .array(estimate.attributions.map { a in
                .object([
                    ("technique", .string(a.technique)),
                    ("energy_pj_before", .number(a.energyBefore)),
                    ("energy_pj_after", .number(a.energyAfter)),
                    ("cycles_before", .number(a.cyclesBefore)),
                    ("cycles_after", .number(a.cyclesAfter)),
                    ("notes", .array(a.notes.map { .string($0) })),
                ])
            })),
            ("lower_bound", estimate.bound.map { b in
                .object([
                    ("energy_pj", .number(b.energy)),
                    ("cycles", .number(b.cycles)),
                    ("compute_cycles", .number(b.computeCycles)),
                    ("mac_energy_pj", .number(b.macEnergy)),
                    ("access_energy_pj", .number(b.accessEnergy)),
                    ("leak_energy_pj", .number(b.leakEnergy)),
                    ("energy_gap", .number(estimate.energyGap ?? .nan)),
                    ("cycles_gap", .number(estimate.cyclesGap ?? .nan)),
                ])
            } ?? .null),
        ]
        if let f = e.imbalance { fields.append(("imbalance", .number(f))) }
        return .object(fields)
    }

    private static func tensor(_ t: TensorAccesses) -> JSONValue {
        let n = Double(t.utilizedInstances)
        return .object([
            ("tensor", .string(t.tensor.description)),
            ("utilized_instances", .int(t.utilizedInstances)),
            ("reads", .number(t.totalReads)),
            ("fills", .number(t.totalFills)),
            ("updates", .number(t.totalUpdates)),
            ("gated", .number(t.gated * n)),
            ("skipped", .number(t.skipped * n)),
            ("metadata_words", .number(t.metadataWords * n)),
            ("reads_per_instance", .number(t.reads)),
            ("fills_per_instance", .number(t.fills)),
            ("updates_per_instance", .number(t.updates)),
            ("tile_words", .int(t.tileWords)),
            ("partition_words", .int(t.partitionWords)),
            ("bits_per_value", .maybe(t.bitsPerValue)),
            ("energy_pj", .number(t.energy)),
        ])
    }
}
