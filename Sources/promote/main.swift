import PromoteCLI

await PromoteMain.run()
