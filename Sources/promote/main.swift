import PromoteCLI

PromoteMain.run()
