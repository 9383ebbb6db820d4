// swift-tools-version:6.1
import PackageDescription

/// Settings every target shares (STYLE.md: the Hummingbird 2 set).
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "promote",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "promote", targets: ["promote"]),
        // For Fuzz/, the fuzzing package, which links the readers with libFuzzer (scripts/fuzz).
        .library(name: "PromoteFuzzSurface", targets: ["PromoteModel", "PromoteCore", "AICoreEmulator"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // No default traits: the emulator needs neither swift-configuration nor the full-Foundation extras.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.20.0", traits: []),
        // Already in Hummingbird's graph; named so the emulator can import them directly.
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.21.0"),
        // Renders the CI templates (ci-templates/); no dependencies of its own.
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "PromoteGit", dependencies: ["Clibgit2"], swiftSettings: strictSettings),
        .target(
            name: "PromoteModel", dependencies: [.product(name: "Yams", package: "Yams")], swiftSettings: strictSettings),
        .target(
            name: "AICore",
            dependencies: [
                "PromoteModel", .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .target(name: "DeployCore", dependencies: ["AICore", "PromoteModel"], swiftSettings: strictSettings),
        .target(
            name: "AICoreEmulator",
            dependencies: [
                "PromoteGit", "PromoteModel", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PromoteCore",
            dependencies: ["AICore", "AICoreEmulator", "DeployCore", "PromoteGit", "PromoteModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CIGen",
            dependencies: ["PromoteModel", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PromoteCLI",
            dependencies: [
                "AICoreEmulator", "CIGen", "DeployCore", "PromoteCore", "PromoteGit", "PromoteModel",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "promote", dependencies: ["PromoteCLI"], swiftSettings: strictSettings),
        .testTarget(
            name: "PromoteGitTests",
            dependencies: ["PromoteGit", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PromoteModelTests",
            // Yams: PlainYAMLComposer's tests hold it against Yams's resolver.
            dependencies: ["PromoteModel", .product(name: "Yams", package: "Yams")],
            resources: [.copy("BadStageFiles"), .copy("TemplateCorpus"), .copy("DeployConfigCorpus")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "AICoreEmulatorTests",
            dependencies: [
                "AICoreEmulator", "PromoteGit", "PromoteModel", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "DeployCoreTests",
            dependencies: [
                "AICore", "AICoreEmulator", "DeployCore", "PromoteCore", "PromoteGit", "PromoteModel", "TestSupport",
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PromoteCoreTests",
            dependencies: ["DeployCore", "PromoteCore", "PromoteGit", "PromoteModel", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PromoteCLITests",
            dependencies: ["promote", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "CIGenTests",
            dependencies: ["CIGen", "DeployCore", "PromoteCore", "PromoteModel", "TestSupport", "promote"],
            resources: [.copy("Golden"), .copy("StageSets")],
            swiftSettings: strictSettings
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
    ]
)
