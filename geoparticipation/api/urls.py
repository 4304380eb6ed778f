from rest_framework.routers import DefaultRouter

from . import debates, views

router = DefaultRouter()
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("annotations", views.AnnotationViewSet, basename="annotation")
router.register("comments", views.CommentViewSet, basename="comment")
router.register("meetings", views.MeetingViewSet, basename="meeting")
router.register("communes", views.CommuneViewSet, basename="commune")
router.register("processes", views.ProcessViewSet, basename="process")
router.register("debates", debates.DebateViewSet, basename="debate")
router.register("arguments", debates.ArgumentViewSet, basename="argument")

urlpatterns = router.urls
