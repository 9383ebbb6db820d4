// swift-tools-version:6.0
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
        .executable(name: "promote", targets: ["promote"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "Clibgit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "PromoteGit", dependencies: ["Clibgit2"], swiftSettings: strictSettings),
        .target(name: "PromoteModel", swiftSettings: strictSettings),
        .target(
            name: "PromoteCore",
            dependencies: ["PromoteGit", "PromoteModel"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "PromoteCLI",
            dependencies: [
                "PromoteCore", "PromoteGit", "PromoteModel",
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
            dependencies: ["PromoteModel"],
            resources: [.copy("BadStageFiles")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "PromoteCLITests",
            dependencies: ["promote", "TestSupport"],
            swiftSettings: strictSettings
        ),
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
    ]
)
