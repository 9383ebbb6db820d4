// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for promote's readers, kept out of the product build. Built and run by scripts/fuzz:
///     swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -enable-testing
/// One binary holds every target; PROMOTE_FUZZ_TARGET picks one (scripts/fuzz --list names them).
let package = Package(
    name: "promote-fuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "promote", path: "..")],
    targets: [
        .executableTarget(
            name: "promote-fuzz",
            dependencies: [.product(name: "PromoteFuzzSurface", package: "promote")],
            path: "Sources/PromoteFuzz",
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
