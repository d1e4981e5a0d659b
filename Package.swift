// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Loupe",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "loupe", targets: ["loupe"]),
        .library(name: "LoupeEngine", targets: ["LoupeEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        .target(name: "LoupeModel"),
        .target(name: "LoupeSpec", dependencies: ["LoupeModel", .product(name: "Yams", package: "Yams")]),
        .target(name: "LoupeEngine", dependencies: ["LoupeModel"]),
        .target(name: "LoupeSearch", dependencies: ["LoupeModel", "LoupeEngine"]),
        .target(name: "LoupeReport", dependencies: ["LoupeModel", "LoupeEngine"]),
        .target(name: "LoupeImport", dependencies: ["LoupeModel", "LoupeSpec", .product(name: "Yams", package: "Yams")]),
        // The validation suite (docs/validation.md): case files → estimates → the generated tables.
        .target(name: "LoupeValidation", dependencies: ["LoupeModel", "LoupeSpec", "LoupeEngine", "LoupeSearch"]),
        .executableTarget(name: "loupe", dependencies: [
            "LoupeModel", "LoupeSpec", "LoupeEngine", "LoupeSearch", "LoupeReport", "LoupeImport", "LoupeValidation",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The spec loader's fuzz target (docs/fuzzing.md): a replayer in plain builds;
        // scripts/fuzz.sh builds it with libFuzzer.
        .executableTarget(name: "loupe-fuzz", dependencies: ["LoupeSpec", "LoupeModel"], path: "Sources/LoupeFuzz"),
        .testTarget(name: "LoupeSpecTests", dependencies: ["LoupeSpec", "LoupeModel"]),
        .testTarget(name: "LoupeEngineTests", dependencies: ["LoupeEngine", "LoupeSpec", "LoupeModel", .product(name: "Yams", package: "Yams")],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "LoupeSearchTests", dependencies: ["LoupeSearch", "LoupeEngine", "LoupeSpec", "LoupeModel", .product(name: "Yams", package: "Yams")], resources: [.copy("Fixtures")]),
        .testTarget(name: "LoupeReportTests", dependencies: ["LoupeReport", "LoupeEngine", "LoupeSpec", "LoupeModel"]),
        .testTarget(name: "LoupeValidationTests", dependencies: ["LoupeValidation", "LoupeSpec", "LoupeModel"]),
        .testTarget(name: "LoupeCLITests", dependencies: ["loupe"]),
        .testTarget(name: "LoupeImportTests", dependencies: ["LoupeImport", "LoupeEngine", "LoupeSpec", "LoupeModel", "LoupeReport", .product(name: "Yams", package: "Yams")],
                    resources: [.copy("Fixtures")]),
    ]
)
